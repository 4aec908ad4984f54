// Goods issues (GI-000001): stock taken out of a location without a sale (internal use, a write-off, a loss, a
// sample, or another stated reason). A Draft is edited freely and reserves nothing; posting (goodsIssuePosting.ts)
// takes the stock out in one transaction and freezes the document (the schema's triggers refuse any later change);
// a reversal is a new goods receipt naming the issue, never an edit.
import type { Kysely } from 'kysely';
import {
  goodsIssueReasonLabel,
  serialStatusPhrase,
  type GoodsIssueReason,
  type GoodsIssueStatus,
} from '../../core/enums.ts';
import { AppError, refuseStaleEdit } from '../../core/errors.ts';
import type { GoodsIssue, GoodsIssueSummary, Page } from '../../core/model.ts';
import { QTY_SCALE } from '../../core/money.ts';
import type { DB } from '../schema.ts';
import { productsById, requireLocation } from './catalog.ts';
import { chunks, iso, nextNumber, type ReadCtx, type WriteCtx } from './context.ts';
import { serialWithPlaces } from './serials.ts';

export interface GoodsIssueLineInput {
  productId: number;
  /** Thousandths; whole units only (a reversal is a goods receipt, which counts whole units). */
  qty: number;
  /** The units of a serial-tracked line: exactly qty / 1000 of them. */
  serialIds: number[];
}

export interface GoodsIssueInput {
  id?: number;
  revision?: number;
  locationId: number;
  reason: GoodsIssueReason;
  reasonText: string;
  notes: string;
  lines: GoodsIssueLineInput[];
}

export async function requireIssue(db: Kysely<DB>, id: number) {
  const row = await db.selectFrom('goods_issues').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', `No goods issue with id ${id}.`);
  return row;
}

/** A posted issue never changes: what a refused edit or delete says. */
export const postedNeverChanges = (number: string) =>
  `${number} is posted: a posted goods issue never changes. Reverse it to bring the stock back.`;

/** "Damaged / write-off: cracked screen", or the reason's words alone. */
export const reasonPhrase = (reason: GoodsIssueReason, text: string) =>
  text ? `${goodsIssueReasonLabel[reason]}: ${text}` : goodsIssueReasonLabel[reason];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Why each listed unit cannot leave stock at the location on this line (empty: all can). Units must exist, belong to
 * the line's product, and be In stock there; the reasons name the unit and where it is or what it is.
 */
export async function unitsNotIssuable(
  ctx: ReadCtx,
  location: { id: number; name: string },
  lines: ReadonlyArray<{ productId: number; serialIds: readonly number[] }>,
): Promise<string[]> {
  const ids = [...new Set(lines.flatMap((l) => l.serialIds))];
  const units = new Map<
    number,
    {
      serial: string;
      product_id: number;
      productName: string;
      status: keyof typeof serialStatusPhrase;
      location_id: number;
      locationName: string;
      deleted_at: string | null;
      invoiceNumber: string | null;
    }
  >();
  for (const part of chunks(ids, 500)) {
    const rows = await serialWithPlaces(ctx.db)
      .select([
        's.id',
        's.serial',
        's.product_id',
        'p.name as productName',
        's.status',
        's.location_id',
        'l.name as locationName',
        's.deleted_at',
        'i.number as invoiceNumber',
      ])
      .where('s.id', 'in', part)
      .execute();
    for (const r of rows) units.set(r.id, r);
  }
  const reasons: string[] = [];
  for (const line of lines) {
    for (const sid of line.serialIds) {
      const unit = units.get(sid);
      if (!unit) reasons.push(`serial id ${sid} does not exist`);
      else if (unit.product_id !== line.productId) reasons.push(`${unit.serial} belongs to ${unit.productName}`);
      else if (unit.deleted_at !== null) reasons.push(`${unit.serial} was deleted`);
      else if (unit.status !== 'in_stock')
        reasons.push(
          `${unit.serial} is ${serialStatusPhrase[unit.status]}` +
            (unit.invoiceNumber ? ` on ${unit.invoiceNumber}` : ` (at ${unit.locationName})`),
        );
      else if (unit.location_id !== location.id)
        reasons.push(`${unit.serial} is at ${unit.locationName}, not ${location.name}`);
    }
  }
  return reasons;
}

/** Creates a Draft (GI-000001 …) or rewrites one. Checked: reason, products, whole units, the exact units In stock. */
export async function saveGoodsIssue(ctx: WriteCtx, input: GoodsIssueInput): Promise<GoodsIssue> {
  const { db } = ctx;
  const location = await requireLocation(ctx, input.locationId);
  const reasonText = input.reasonText.trim();
  if (input.reason === 'other' && !reasonText)
    throw new AppError('invalid_input', 'Say why the stock leaves: the reason Other needs a text.', {
      field: 'reasonText',
    });
  if (input.lines.length === 0)
    throw new AppError('invalid_input', 'A goods issue needs at least one line.', { field: 'lines' });
  const products = await productsById(ctx, input.lines);
  const errors: string[] = [];
  input.lines.forEach((line, i) => {
    const n = i + 1;
    const product = products.get(line.productId);
    if (!product) return void errors.push(`Line ${n}: no product with id ${line.productId}.`);
    if (!product.maintain_stock) return void errors.push(`Line ${n}: ${product.name} is a service and keeps no stock.`);
    if (!Number.isSafeInteger(line.qty) || line.qty <= 0 || line.qty % QTY_SCALE !== 0)
      return void errors.push(`Line ${n}: ${product.name} is issued in whole units.`);
    const units = line.qty / QTY_SCALE;
    if (!product.serialized && line.serialIds.length > 0)
      errors.push(`Line ${n}: ${product.name} is not serial-tracked; remove the serials.`);
    else if (product.serialized && line.serialIds.length !== units)
      errors.push(`Line ${n}: ${product.name} needs exactly ${plural(units, 'serial')}, got ${line.serialIds.length}.`);
  });
  if (errors.length > 0) throw new AppError('invalid_input', `Not saved. ${errors.join(' ')}`, { field: 'lines' });
  const all = input.lines.flatMap((l) => l.serialIds);
  const twice = all.find((sid, i) => all.indexOf(sid) !== i);
  if (twice !== undefined)
    throw new AppError('invalid_input', `The same unit (serial id ${twice}) is picked twice on this goods issue.`);
  const unavailable = await unitsNotIssuable(ctx, location, input.lines);
  if (unavailable.length > 0)
    throw new AppError('serial_unavailable', `Not saved: ${unavailable.join('; ')}.`, { reasons: unavailable });

  const at = iso(ctx.now());
  const header = { location_id: location.id, reason: input.reason, reason_text: reasonText, notes: input.notes.trim() };
  let id = input.id;
  if (id === undefined) {
    const number = await nextNumber(ctx, 'goods_issue', 'GI-');
    const row = await db
      .insertInto('goods_issues')
      .values({ ...header, number, status: 'draft', created_at: at, created_by: ctx.actor })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  } else {
    const current = await requireIssue(db, id);
    if (current.status === 'posted') throw new AppError('conflict', postedNeverChanges(current.number));
    refuseStaleEdit(current.number, input.revision, current.revision);
    await db
      .updateTable('goods_issues')
      .set({ ...header, revision: current.revision + 1 })
      .where('id', '=', id)
      .execute();
    await db.deleteFrom('goods_issue_lines').where('goods_issue_id', '=', id).execute();
  }
  const issueId = id;
  const lineIds = await db
    .insertInto('goods_issue_lines')
    .values(
      input.lines.map((l, i) => ({ goods_issue_id: issueId, position: i + 1, product_id: l.productId, qty: l.qty })),
    )
    .returning('id')
    .execute();
  const units = input.lines.flatMap((l, i) =>
    l.serialIds.map((serialId) => ({ goods_issue_line_id: lineIds[i]!.id, serial_id: serialId })),
  );
  for (const part of chunks(units, 500)) await db.insertInto('goods_issue_units').values(part).execute();
  return getGoodsIssue(ctx, issueId);
}

/** Deletes a Draft (a posted issue is reversed, never deleted). */
export async function deleteGoodsIssue(ctx: WriteCtx, id: number): Promise<{ deleted: true }> {
  const current = await requireIssue(ctx.db, id);
  if (current.status === 'posted') throw new AppError('conflict', postedNeverChanges(current.number));
  await ctx.db.deleteFrom('goods_issues').where('id', '=', id).execute();
  return { deleted: true };
}

function summaryQuery(db: Kysely<DB>) {
  return db
    .selectFrom('goods_issues as gi')
    .innerJoin('locations as l', 'l.id', 'gi.location_id')
    .leftJoin('goods_receipts as r', 'r.goods_issue_id', 'gi.id')
    .select([
      'gi.id',
      'gi.number',
      'gi.location_id',
      'l.name as locationName',
      'gi.reason',
      'gi.reason_text',
      'gi.status',
      'gi.notes',
      'gi.revision',
      'gi.created_at',
      'gi.created_by',
      'gi.posted_at',
      'gi.posted_by',
      'r.id as reversalId',
      'r.number as reversalNumber',
    ]);
}
type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];
const toSummary = (r: SummaryRow, lineCount: number): GoodsIssueSummary => ({
  id: r.id,
  number: r.number,
  locationId: r.location_id,
  locationName: r.locationName,
  reason: r.reason,
  reasonText: r.reason_text,
  status: r.status,
  createdAt: r.created_at,
  postedAt: r.posted_at,
  lineCount,
  reversal: r.reversalId !== null && r.reversalNumber !== null ? { id: r.reversalId, number: r.reversalNumber } : null,
});

/** The list, newest first, optionally by status. */
export async function listGoodsIssues(
  ctx: ReadCtx,
  filter: { status?: GoodsIssueStatus; limit: number; offset: number },
): Promise<Page<GoodsIssueSummary>> {
  const { db } = ctx;
  let rowsQuery = summaryQuery(db);
  let countQuery = db.selectFrom('goods_issues').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.status) {
    rowsQuery = rowsQuery.where('gi.status', '=', filter.status);
    countQuery = countQuery.where('status', '=', filter.status);
  }
  const rows = await rowsQuery.orderBy('gi.id', 'desc').limit(filter.limit).offset(filter.offset).execute();
  const total = Number((await countQuery.executeTakeFirstOrThrow()).n);
  const counts = new Map<number, number>();
  if (rows.length > 0) {
    for (const c of await db
      .selectFrom('goods_issue_lines')
      .select((eb) => ['goods_issue_id', eb.fn.countAll<number>().as('n')])
      .where(
        'goods_issue_id',
        'in',
        rows.map((r) => r.id),
      )
      .groupBy('goods_issue_id')
      .execute())
      counts.set(c.goods_issue_id, Number(c.n));
  }
  return { rows: rows.map((r) => toSummary(r, counts.get(r.id) ?? 0)), total };
}

/** One goods issue: header, lines with their units, who posted it, and its reversal. */
export async function getGoodsIssue(ctx: ReadCtx, id: number): Promise<GoodsIssue> {
  const { db } = ctx;
  const r = await summaryQuery(db).where('gi.id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('not_found', `No goods issue with id ${id}.`);
  const lines = await db
    .selectFrom('goods_issue_lines as gl')
    .innerJoin('products as p', 'p.id', 'gl.product_id')
    .select(['gl.id', 'gl.position', 'gl.product_id', 'p.name', 'p.sku', 'p.serialized', 'gl.qty'])
    .where('gl.goods_issue_id', '=', id)
    .orderBy('gl.position')
    .execute();
  const units = await db
    .selectFrom('goods_issue_units as u')
    .innerJoin('goods_issue_lines as gl', 'gl.id', 'u.goods_issue_line_id')
    .innerJoin('serials as s', 's.id', 'u.serial_id')
    .select(['u.goods_issue_line_id as lineId', 's.id', 's.serial'])
    .where('gl.goods_issue_id', '=', id)
    .orderBy('s.serial')
    .execute();
  const byLine = Map.groupBy(units, (u) => u.lineId);
  return {
    ...toSummary(r, lines.length),
    reasonLabel: goodsIssueReasonLabel[r.reason],
    notes: r.notes,
    revision: r.revision,
    createdBy: r.created_by,
    postedBy: r.posted_by,
    lines: lines.map((l) => ({
      id: l.id,
      position: l.position,
      productId: l.product_id,
      productName: l.name,
      sku: l.sku,
      serialized: l.serialized === 1,
      qty: l.qty,
      units: (byLine.get(l.id) ?? []).map((u) => ({ id: u.id, serial: u.serial })),
    })),
  };
}
