import { serialStatusPhrase } from '../../core/enums.ts';
import type { Kysely } from 'kysely';
import { AppError } from '../../core/errors.ts';
import { MAX_SERIAL_LENGTH, normalizeSerial, serialKey, visibleSerial } from '../../core/serial.ts';
import type { GoodsReceipt, Page, SerialEvent, SerialHistory, SerialRow, SerialStatus } from '../../core/model.ts';
import type { DB } from '../schema.ts';
import { iso, type ReadCtx, type WriteCtx } from './context.ts';
import { serialWithPlaces } from './serials.ts';
import { recordSerialEvent } from './stock.ts';

export interface SerialFilter {
  productId?: number;
  status?: SerialStatus | 'deleted';
  locationId?: number;
  /** The start of a serial (any case), or of an old label it was renamed from. */
  text?: string;
  limit: number;
  offset: number;
}

function rowQuery(db: Kysely<DB>) {
  return serialWithPlaces(db)
    .leftJoin('customers as c', 'c.id', 's.customer_id')
    .leftJoin('tickets as tk', 'tk.id', 's.ticket_id')
    .select([
      's.id',
      's.serial',
      's.product_id as productId',
      'p.name as productName',
      'p.sku',
      's.status',
      's.deleted_at as deletedAt',
      's.location_id as locationId',
      'l.name as locationName',
      's.condition_notes as conditionNotes',
      's.received_at as receivedAt',
      'i.id as invoiceId',
      'i.number as invoiceNumber',
      'c.id as customerId',
      'c.name as customerName',
      'tk.id as ticketId',
      'tk.number as ticketNumber',
    ]);
}

type RawRow = Awaited<ReturnType<ReturnType<typeof rowQuery>['execute']>>[number];
const toRow = ({
  invoiceId,
  invoiceNumber,
  customerId,
  customerName,
  deletedAt,
  ticketId,
  ticketNumber,
  ...r
}: RawRow): SerialRow => ({
  ...r,
  ticket: ticketId !== null && ticketNumber !== null ? { id: ticketId, number: ticketNumber } : null,
  deleted: deletedAt !== null,
  invoice: invoiceId !== null && invoiceNumber !== null ? { id: invoiceId, number: invoiceNumber } : null,
  customer: customerId !== null && customerName !== null ? { id: customerId, name: customerName } : null,
});

/**
 * The smallest text above every text starting with `prefix` (for an index range on a prefix; SQLite orders text by code
 * point).
 */
function prefixEnd(prefix: string): string {
  const chars = Array.from(prefix);
  const last = chars.pop()!.codePointAt(0)! + 1;
  return chars.join('') + String.fromCodePoint(last === 0xd800 ? 0xe000 : last); // no lone surrogate
}

/**
 * One page of the Serial Numbers screen, in serial order. Every filter is an index range, so a
 * page costs the same with a million serials; one extra row is read to know whether a next page exists.
 */
export async function listSerials(ctx: ReadCtx, filter: SerialFilter): Promise<Page<SerialRow> & { hasMore: boolean }> {
  const { db } = ctx;
  let q = rowQuery(db);
  if (filter.productId) q = q.where('s.product_id', '=', filter.productId);
  if (filter.locationId) q = q.where('s.location_id', '=', filter.locationId);
  if (filter.status === 'deleted') q = q.where('s.deleted_at', 'is not', null);
  else {
    q = q.where('s.deleted_at', 'is', null);
    if (filter.status) q = q.where('s.status', '=', filter.status);
  }
  // The start of a serial's key (so in any letter case, invisible characters ignored), or of an old label's.
  const start = serialKey(normalizeSerial(filter.text ?? '').replace(/^SN:/i, ''));
  if (start) {
    const end = prefixEnd(start);
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('s.serial_key', '>=', start), eb('s.serial_key', '<', end)]),
        eb(
          's.id',
          'in',
          eb
            .selectFrom('serial_aliases')
            .select('serial_id')
            .where('alias_key', '>=', start)
            .where('alias_key', '<', end),
        ),
      ]),
    );
  }
  const rows = await q
    .orderBy('s.serial_key')
    .orderBy('s.id')
    .limit(filter.limit + 1)
    .offset(filter.offset)
    .execute();
  const hasMore = rows.length > filter.limit;
  const page = rows.slice(0, filter.limit).map(toRow);
  return { rows: page, hasMore, total: filter.offset + page.length + (hasMore ? 1 : 0) };
}

async function requireSerial(db: Kysely<DB>, id: number): Promise<SerialRow> {
  const row = await rowQuery(db).where('s.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', `No serial with id ${id}.`);
  return toRow(row);
}

/** A unit and every event of its life, oldest first, each with the documents it refers to. */
export async function serialHistory(ctx: ReadCtx, id: number): Promise<SerialHistory> {
  const { db } = ctx;
  const unit = await requireSerial(db, id);
  const aliases = await db
    .selectFrom('serial_aliases')
    .select('alias')
    .where('serial_id', '=', id)
    .orderBy('id')
    .execute();
  const rows = await db
    .selectFrom('serial_events as e')
    .leftJoin('locations as l', 'l.id', 'e.location_id')
    .leftJoin('goods_receipts as r', 'r.id', 'e.receipt_id')
    .leftJoin('purchase_orders as po', 'po.id', 'r.purchase_order_id')
    .leftJoin('invoices as i', 'i.id', 'e.invoice_id')
    .leftJoin('customers as c', 'c.id', 'e.customer_id')
    .leftJoin('credit_notes as cn', 'cn.id', 'e.credit_note_id')
    .leftJoin('transfers as t', 't.id', 'e.transfer_id')
    .leftJoin('goods_issues as gi', 'gi.id', 'e.goods_issue_id')
    .leftJoin('tickets as tk', 'tk.id', 'e.ticket_id')
    .select([
      'tk.id as ticketId',
      'tk.number as ticketNumber',
      'gi.id as goodsIssueId',
      'gi.number as goodsIssueNumber',
      't.id as transferId',
      't.number as transferNumber',
      'cn.id as creditNoteId',
      'cn.number as creditNoteNumber',
      'e.id',
      'e.at',
      'e.actor',
      'e.kind',
      'e.note',
      'l.id as locationId',
      'l.name as locationName',
      'r.id as receiptId',
      'r.number as receiptNumber',
      'r.source as receiptSource',
      'po.id as poId',
      'po.number as poNumber',
      'i.id as invoiceId',
      'i.number as invoiceNumber',
      'c.id as customerId',
      'c.name as customerName',
    ])
    .where('e.serial_id', '=', id)
    .orderBy('e.id')
    .execute();
  const events: SerialEvent[] = rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    kind: r.kind,
    note: r.note,
    location: r.locationId !== null && r.locationName !== null ? { id: r.locationId, name: r.locationName } : null,
    receipt:
      r.receiptId !== null && r.receiptNumber !== null && r.receiptSource !== null
        ? { id: r.receiptId, number: r.receiptNumber, source: r.receiptSource }
        : null,
    purchaseOrder: r.poId !== null && r.poNumber !== null ? { id: r.poId, number: r.poNumber } : null,
    creditNote:
      r.creditNoteId !== null && r.creditNoteNumber !== null
        ? { id: r.creditNoteId, number: r.creditNoteNumber }
        : null,
    invoice: r.invoiceId !== null && r.invoiceNumber !== null ? { id: r.invoiceId, number: r.invoiceNumber } : null,
    customer: r.customerId !== null && r.customerName !== null ? { id: r.customerId, name: r.customerName } : null,
    transfer:
      r.transferId !== null && r.transferNumber !== null ? { id: r.transferId, number: r.transferNumber } : null,
    goodsIssue:
      r.goodsIssueId !== null && r.goodsIssueNumber !== null
        ? { id: r.goodsIssueId, number: r.goodsIssueNumber }
        : null,
    ticket: r.ticketId !== null && r.ticketNumber !== null ? { id: r.ticketId, number: r.ticketNumber } : null,
  }));
  return { unit, aliases: aliases.map((a) => a.alias), events };
}

/**
 * Fixes a serial's text (normalised like every serial). The old text stays as an alias so a scan of
 * the old label still finds the unit. Refused when another unit of the product already has the
 * serial in any form (same key); a fix of the same unit's letter case or invisible characters is allowed.
 */
export async function renameSerial(ctx: WriteCtx, id: number, newText: string, reason: string): Promise<SerialRow> {
  const { db } = ctx;
  const unit = await requireSerial(db, id);
  const serial = normalizeSerial(newText);
  const key = serialKey(serial);
  const why = reason.trim();
  if (!serial) throw new AppError('invalid_input', 'Enter the new serial number.', { field: 'serial' });
  if (serial.length > MAX_SERIAL_LENGTH)
    throw new AppError('invalid_input', `A serial is at most ${MAX_SERIAL_LENGTH} characters.`, { field: 'serial' });
  if (!why)
    throw new AppError('invalid_input', 'Give a reason for the rename; it is kept in the history.', {
      field: 'reason',
    });
  if (unit.deleted) throw new AppError('conflict', `${unit.serial} was deleted and cannot be renamed.`);
  if (serial === unit.serial)
    throw new AppError('invalid_input', `The serial is already ${serial}.`, { field: 'serial' });
  const clash = await db
    .selectFrom('serials')
    .select('serial')
    .where('product_id', '=', unit.productId)
    .where('serial_key', '=', key)
    .where('id', '!=', id)
    .executeTakeFirst();
  if (clash) {
    const same =
      clash.serial === serial
        ? ''
        : ` (the same serial as ${visibleSerial(serial)}: letter case, invisible characters and dash styles do not count)`;
    throw new AppError('conflict', `${unit.productName} already has a serial ${visibleSerial(clash.serial)}${same}.`, {
      field: 'serial',
    });
  }
  const at = iso(ctx.now());
  await db.updateTable('serials').set({ serial, serial_key: key }).where('id', '=', id).execute();
  // The old label as an alias, unless it is only another form of the new one (the key finds it already).
  if (serialKey(unit.serial) !== key) {
    await db
      .insertInto('serial_aliases')
      .values({ serial_id: id, alias: unit.serial, alias_key: serialKey(unit.serial), created_at: at })
      .onConflict((oc) => oc.columns(['serial_id', 'alias']).doNothing())
      .execute();
  }
  await recordSerialEvent(
    ctx,
    {
      serialId: id,
      kind: 'renamed',
      locationId: unit.locationId,
      note: `renamed from ${unit.serial} to ${serial}: ${why}`,
    },
    at,
  );
  return requireSerial(db, id);
}

/**
 * Deletes a unit entered by mistake: only while it is in stock and was never on an invoice. The
 * row stays (marked deleted, out of stock) so its history remains readable.
 */
export async function deleteSerial(ctx: WriteCtx, id: number, reason: string): Promise<SerialRow> {
  const { db } = ctx;
  const unit = await requireSerial(db, id);
  const why = reason.trim();
  if (!why)
    throw new AppError('invalid_input', 'Give a reason for the delete; it is kept in the history.', {
      field: 'reason',
    });
  if (unit.deleted) throw new AppError('conflict', `${unit.serial} is already deleted.`);
  if (unit.status !== 'in_stock') {
    throw new AppError(
      'conflict',
      `${unit.serial} cannot be deleted: it is ${serialStatusPhrase[unit.status]}${unit.invoice ? ` on ${unit.invoice.number}` : ''}. Only a unit in stock can be deleted.`,
    );
  }
  const invoiced = await db
    .selectFrom('serial_events')
    .select('invoice_id')
    .where('serial_id', '=', id)
    .where('invoice_id', 'is not', null)
    .executeTakeFirst();
  if (invoiced) {
    const inv = await db
      .selectFrom('invoices')
      .select('number')
      .where('id', '=', invoiced.invoice_id!)
      .executeTakeFirst();
    throw new AppError(
      'conflict',
      `${unit.serial} cannot be deleted: it was on invoice ${inv?.number ?? invoiced.invoice_id}, and its history must stay whole.`,
    );
  }
  const at = iso(ctx.now());
  await db.updateTable('serials').set({ status: 'scrapped', deleted_at: at }).where('id', '=', id).execute();
  await recordSerialEvent(
    ctx,
    { serialId: id, kind: 'deleted', locationId: unit.locationId, note: `deleted: ${why}`, stock: -1 },
    at,
  );
  return requireSerial(db, id);
}

/** A goods receipt as a document: what came in, where, from which order or file. */
export async function getReceipt(ctx: ReadCtx, id: number): Promise<GoodsReceipt> {
  const { db } = ctx;
  const r = await db
    .selectFrom('goods_receipts as r')
    .innerJoin('locations as l', 'l.id', 'r.location_id')
    .leftJoin('purchase_orders as po', 'po.id', 'r.purchase_order_id')
    .leftJoin('goods_issues as gi', 'gi.id', 'r.goods_issue_id')
    .select([
      'gi.id as goodsIssueId',
      'gi.number as goodsIssueNumber',
      'r.id',
      'r.number',
      'r.location_id',
      'l.name as locationName',
      'r.source',
      'r.reference',
      'r.received_at',
      'r.actor',
      'po.id as poId',
      'po.number as poNumber',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!r) throw new AppError('not_found', `No goods receipt with id ${id}.`);
  const lines = await db
    .selectFrom('goods_receipt_lines as gl')
    .innerJoin('products as p', 'p.id', 'gl.product_id')
    .select(['gl.product_id', 'p.name', 'p.sku', 'gl.qty', 'gl.unit_cost_minor'])
    .where('gl.receipt_id', '=', id)
    .orderBy('gl.id')
    .execute();
  const serials = await db
    .selectFrom('serial_events as e')
    .innerJoin('serials as s', 's.id', 'e.serial_id')
    .select(['s.product_id', 's.serial'])
    .where('e.receipt_id', '=', id)
    .where('e.kind', '=', 'received')
    .orderBy('e.id')
    .execute();
  const byProduct = new Map<number, string[]>();
  for (const s of serials) byProduct.set(s.product_id, [...(byProduct.get(s.product_id) ?? []), s.serial]);
  return {
    id: r.id,
    number: r.number,
    locationId: r.location_id,
    locationName: r.locationName,
    source: r.source,
    reference: r.reference,
    receivedAt: r.received_at,
    actor: r.actor,
    purchaseOrder: r.poId !== null && r.poNumber !== null ? { id: r.poId, number: r.poNumber } : null,
    goodsIssue:
      r.goodsIssueId !== null && r.goodsIssueNumber !== null
        ? { id: r.goodsIssueId, number: r.goodsIssueNumber }
        : null,
    lines: lines.map((l) => {
      // A product on two lines of one receipt: hand each line its own share of the serials.
      const all = byProduct.get(l.product_id) ?? [];
      const mine = all.splice(0, l.qty);
      return {
        productId: l.product_id,
        productName: l.name,
        sku: l.sku,
        qty: l.qty,
        unitCostMinor: l.unit_cost_minor,
        serials: mine,
      };
    }),
  };
}
