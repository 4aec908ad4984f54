// Transfers between locations (TR-000001): a draft of lines (product, quantity, and for serial-tracked products the
// exact units), sent (units In transit, sellable nowhere; stock leaves the source) and received at the destination
// (units In stock there, or marked missing: they stay In transit, flagged, until found). One-step transfers send and
// receive in one command; the counter's Transfer here is one of those for a single unit. Every step is one
// transaction (the caller's), and every stock change goes through stock.ts so the ledger names the transfer.
import { serialStatusPhrase } from '../../core/enums.ts';
import { AppError, refuseStaleEdit } from '../../core/errors.ts';
import type { Transfer } from '../../core/model.ts';
import { QTY_SCALE, formatQtyMilli } from '../../core/money.ts';
import { productsById, requireLocation } from './catalog.ts';
import { chunks, iso, nextNumber, type ReadCtx, type WriteCtx } from './context.ts';
import { shopLocale } from './settings.ts';
import { requireManager } from './staff.ts';
import { adjustStock, recordSerialEvents, stockOnHand, type SerialEventInput, type StockMove } from './stock.ts';
import {
  getTransfer,
  requireStatus,
  requireTransfer,
  storedLines,
  unitRefusal,
  unitsById,
  type TransferRow,
} from './transferReads.ts';

export { getTransfer, listTransfers } from './transferReads.ts';

export interface TransferLineInput {
  productId: number;
  /** Thousandths; a serial-tracked line counts whole units, one serial each. */
  qty: number;
  /** The units of a serial-tracked line (as many as its quantity); none otherwise. */
  serialIds: number[];
}

export interface TransferInput {
  id?: number;
  /** The revision the edit started from: an edit of a transfer changed since is refused. */
  revision?: number;
  fromLocationId: number;
  toLocationId: number;
  notes: string;
  lines: TransferLineInput[];
}

export interface ReceiveTransferInput {
  id: number;
  /** Units checked in at the destination. */
  receivedSerialIds: number[];
  /** Units that did not arrive: they stay In transit, marked missing. */
  missingSerialIds: number[];
  /** What arrived of each line without serials (thousandths); a line not named arrived in full. */
  lines: Array<{ lineId: number; qtyReceived: number }>;
}

/**
 * Checks a draft's lines against the store: products that keep stock, whole units and exactly as many serials as the
 * quantity on serial-tracked lines, each unit of the line's product, In stock at the source, on one line only. Every
 * problem is named in one refusal; nothing is written.
 */
async function checkLines(ctx: ReadCtx, from: { id: number; name: string }, lines: TransferLineInput[]) {
  const products = await productsById(ctx, lines);
  const units = await unitsById(
    ctx,
    lines.flatMap((l) => l.serialIds),
  );
  const errors: string[] = [];
  const seen = new Set<number>();
  lines.forEach((line, i) => {
    const n = `Line ${i + 1}`;
    const product = products.get(line.productId);
    if (!product) return void errors.push(`${n}: no product with id ${line.productId}.`);
    if (!product.maintain_stock)
      return void errors.push(`${n}: ${product.name} is a service and keeps no stock, so it cannot be transferred.`);
    if (!product.serialized) {
      if (line.serialIds.length > 0) errors.push(`${n}: ${product.name} is not serial-tracked; remove the serials.`);
      return;
    }
    if (line.qty % QTY_SCALE !== 0)
      return void errors.push(`${n}: ${product.name} is serial-tracked: the quantity must be whole units.`);
    const want = line.qty / QTY_SCALE;
    if (line.serialIds.length !== want)
      errors.push(
        `${n}: ${product.name} needs exactly ${want} serial${want === 1 ? '' : 's'} for a quantity of ${want}, ` +
          `got ${line.serialIds.length}.`,
      );
    for (const id of line.serialIds) {
      const unit = units.get(id);
      if (!unit) errors.push(`${n}: no unit with id ${id}.`);
      else if (unit.product_id !== product.id) errors.push(`${n}: ${unit.serial} is not a unit of ${product.name}.`);
      else if (seen.has(id)) errors.push(`${unit.serial} is picked twice on this transfer.`);
      else {
        const refusal = unitRefusal(unit, from);
        if (refusal) errors.push(refusal);
      }
      seen.add(id);
    }
  });
  if (errors.length > 0)
    throw new AppError('invalid_input', `The transfer was not saved. ${errors.join(' ')}`, {
      field: 'lines',
      lineErrors: errors,
    });
}

/** Creates a draft transfer (TR-000001 …) or rewrites a draft: only drafts change, and only from their revision. */
export async function saveTransfer(ctx: WriteCtx, input: TransferInput): Promise<Transfer> {
  const { db } = ctx;
  const from = await requireLocation(ctx, input.fromLocationId);
  const to = await requireLocation(ctx, input.toLocationId);
  if (from.id === to.id)
    throw new AppError('invalid_input', `A transfer goes from one location to another: both are ${from.name}.`, {
      field: 'toLocationId',
    });
  if (input.lines.length === 0)
    throw new AppError('invalid_input', 'A transfer needs at least one line.', { field: 'lines' });
  let current: TransferRow | undefined;
  if (input.id !== undefined) {
    current = await requireTransfer(db, input.id);
    requireStatus(current, 'draft', 'changed');
    refuseStaleEdit(current.number, input.revision, current.revision);
  }
  await checkLines(ctx, from, input.lines);

  let id: number;
  const values = { from_location_id: from.id, to_location_id: to.id, notes: input.notes.trim() };
  if (current) {
    id = current.id;
    await db
      .updateTable('transfers')
      .set({ ...values, revision: current.revision + 1 })
      .where('id', '=', id)
      .execute();
    await db.deleteFrom('transfer_lines').where('transfer_id', '=', id).execute(); // units cascade
  } else {
    const number = await nextNumber(ctx, 'transfer', 'TR-');
    const row = await db
      .insertInto('transfers')
      .values({ ...values, number, status: 'draft', created_at: iso(ctx.now()), created_by: ctx.actor })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  }
  for (const [i, line] of input.lines.entries()) {
    const saved = await db
      .insertInto('transfer_lines')
      .values({ transfer_id: id, position: i + 1, product_id: line.productId, qty: line.qty })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const part of chunks(line.serialIds, 500))
      await db
        .insertInto('transfer_units')
        .values(part.map((serialId) => ({ transfer_line_id: saved.id, serial_id: serialId })))
        .execute();
  }
  return getTransfer(ctx, id);
}
/**
 * Sends a draft: the units leave the source (In transit, one 'sent' event each, out of its stock) and stock without
 * serials leaves it too (never more than it has). Availability is checked again: a unit picked on the draft may have
 * been sold since. With `oneStep` everything is received at the destination in the same transaction.
 */
export async function sendTransfer(ctx: WriteCtx, id: number, oneStep: boolean): Promise<Transfer> {
  const { db } = ctx;
  const t = await requireTransfer(db, id);
  requireStatus(t, 'draft', 'sent');
  const from = await requireLocation(ctx, t.from_location_id);
  const { lines, units } = await storedLines(ctx, id);
  const unitRows = await unitsById(
    ctx,
    units.map((u) => u.serial_id),
  );
  const errors = units.flatMap((u) => {
    const refusal = unitRefusal(unitRows.get(u.serial_id)!, from);
    return refusal ? [refusal] : [];
  });
  // Stock without serials: what each product sends in all, against what the source has.
  const plain = new Map<number, { name: string; qty: number }>();
  for (const l of lines)
    if (!l.serialized) {
      const sum = plain.get(l.product_id) ?? { name: l.name, qty: 0 };
      sum.qty += l.qty;
      plain.set(l.product_id, sum);
    }
  if (plain.size > 0) {
    const locale = await shopLocale(ctx);
    for (const s of await stockOnHand(ctx, [...plain.keys()], from.id)) {
      const want = plain.get(s.productId)!;
      if (want.qty > s.onHandMilli)
        errors.push(
          `${want.name} has ${formatQtyMilli(s.onHandMilli, locale)} on hand at ${from.name}; ` +
            `this transfer sends ${formatQtyMilli(want.qty, locale)}.`,
        );
    }
  }
  if (errors.length > 0) throw new AppError('conflict', `${t.number} was not sent. ${errors.join(' ')}`);

  const at = iso(ctx.now());
  await db
    .updateTable('transfers')
    .set({ status: 'in_transit', sent_at: at, sent_by: ctx.actor, revision: t.revision + 1 })
    .where('id', '=', id)
    .execute();
  const serialIds = units.map((u) => u.serial_id);
  for (const part of chunks(serialIds, 500))
    await db.updateTable('serials').set({ status: 'in_transit' }).where('id', 'in', part).execute();
  await recordSerialEvents(
    ctx,
    serialIds.map((serialId): SerialEventInput => ({
      serialId,
      kind: 'sent',
      note: `sent from ${from.name} on ${t.number}`,
      locationId: from.id,
      transferId: id,
      stock: -1,
    })),
    at,
  );
  await adjustStock(
    ctx,
    [...plain].map(([productId, s]) => ({ productId, locationId: from.id, delta: -s.qty })),
    { doc: 'transfer', id },
  );
  if (oneStep) return receiveTransfer(ctx, { id, receivedSerialIds: serialIds, missingSerialIds: [], lines: [] });
  return getTransfer(ctx, id);
}

/**
 * Receives a transfer In transit at its destination: every unit is either received (In stock there, one 'received'
 * event each, into its stock) or marked missing (it stays In transit, flagged, with a 'missing' event); lines without
 * serials arrive in full unless a smaller quantity is given. The transfer is then Received.
 */
export async function receiveTransfer(ctx: WriteCtx, input: ReceiveTransferInput): Promise<Transfer> {
  const { db } = ctx;
  const t = await requireTransfer(db, input.id);
  requireStatus(t, 'in_transit', 'received');
  const to = await requireLocation(ctx, t.to_location_id);
  const { lines, units } = await storedLines(ctx, t.id);
  const names = await unitsById(
    ctx,
    units.map((u) => u.serial_id),
  );
  const received = new Set(input.receivedSerialIds);
  const missing = new Set(input.missingSerialIds);
  const onTransfer = new Set(units.map((u) => u.serial_id));
  const errors: string[] = [];
  for (const sid of [...received, ...missing])
    if (!onTransfer.has(sid)) errors.push(`Unit ${sid} is not on ${t.number}.`);
  const both = units.filter((u) => received.has(u.serial_id) && missing.has(u.serial_id));
  if (both.length > 0)
    errors.push(`Marked both received and missing: ${both.map((u) => names.get(u.serial_id)!.serial).join(', ')}.`);
  const open = units.filter((u) => !received.has(u.serial_id) && !missing.has(u.serial_id));
  if (open.length > 0)
    errors.push(
      `Scan or mark missing every unit; not yet: ${open.map((u) => names.get(u.serial_id)!.serial).join(', ')}.`,
    );
  const byLine = new Map(lines.map((l) => [l.id, l]));
  const plainQty = new Map<number, number>();
  for (const l of input.lines) {
    const line = byLine.get(l.lineId);
    if (!line) errors.push(`${t.number} has no line with id ${l.lineId}.`);
    else if (line.serialized) errors.push(`${line.name} is serial-tracked: its units are received by scan.`);
    else if (l.qtyReceived < 0 || l.qtyReceived > line.qty)
      errors.push(`${line.name}: from 0 to the quantity sent can arrive.`);
    else plainQty.set(line.id, l.qtyReceived);
  }
  if (errors.length > 0) throw new AppError('invalid_input', `${t.number} was not received. ${errors.join(' ')}`);

  const at = iso(ctx.now());
  await db
    .updateTable('transfers')
    .set({ status: 'received', received_at: at, received_by: ctx.actor, revision: t.revision + 1 })
    .where('id', '=', t.id)
    .execute();
  const arrived = units.filter((u) => received.has(u.serial_id)).map((u) => u.serial_id);
  const lost = units.filter((u) => missing.has(u.serial_id)).map((u) => u.serial_id);
  await putInStock(ctx, arrived, to.id);
  for (const [state, ids] of [
    ['received', arrived],
    ['missing', lost],
  ] as const)
    for (const part of chunks(ids, 500))
      await db
        .updateTable('transfer_units')
        .set({ state })
        .where('serial_id', 'in', part)
        .where('transfer_line_id', 'in', [...byLine.keys()])
        .execute();
  await recordSerialEvents(
    ctx,
    [
      ...arrived.map((serialId): SerialEventInput => ({
        serialId,
        kind: 'received',
        note: `received at ${to.name} on ${t.number}`,
        locationId: to.id,
        transferId: t.id,
        stock: 1,
      })),
      ...lost.map((serialId): SerialEventInput => ({
        serialId,
        kind: 'missing',
        note: `missing at ${to.name} on ${t.number}`,
        locationId: to.id,
        transferId: t.id,
      })),
    ],
    at,
  );
  const moves: StockMove[] = [];
  for (const line of lines) {
    const qty = line.serialized
      ? units.filter((u) => u.transfer_line_id === line.id && received.has(u.serial_id)).length * QTY_SCALE
      : (plainQty.get(line.id) ?? line.qty);
    if (qty > 0) await db.updateTable('transfer_lines').set({ qty_received: qty }).where('id', '=', line.id).execute();
    if (!line.serialized && qty > 0) moves.push({ productId: line.product_id, locationId: to.id, delta: qty });
  }
  await adjustStock(ctx, moves, { doc: 'transfer', id: t.id });
  return getTransfer(ctx, t.id);
}

/** Units arrive at a location: In stock there (they were In transit, so no customer and no invoice). */
async function putInStock(ctx: WriteCtx, serialIds: readonly number[], locationId: number): Promise<void> {
  for (const part of chunks(serialIds, 500))
    await ctx.db
      .updateTable('serials')
      .set({ status: 'in_stock', location_id: locationId })
      .where('id', 'in', part)
      .execute();
}

/** A unit marked missing on a received transfer turned up at the destination: it is received there now. */
export async function markTransferUnitFound(ctx: WriteCtx, id: number, serialId: number): Promise<Transfer> {
  const { db } = ctx;
  const t = await requireTransfer(db, id);
  const unit = await missingUnit(ctx, t, serialId);
  const to = await requireLocation(ctx, t.to_location_id);
  await putInStock(ctx, [serialId], to.id);
  await db
    .updateTable('transfer_units')
    .set({ state: 'received' })
    .where('transfer_line_id', '=', unit.transfer_line_id)
    .where('serial_id', '=', serialId)
    .execute();
  await db
    .updateTable('transfer_lines')
    .set((eb) => ({ qty_received: eb('qty_received', '+', QTY_SCALE) }))
    .where('id', '=', unit.transfer_line_id)
    .execute();
  await db
    .updateTable('transfers')
    .set({ revision: t.revision + 1 })
    .where('id', '=', id)
    .execute();
  await recordSerialEvents(ctx, [
    {
      serialId,
      kind: 'found',
      note: `found and received at ${to.name} on ${t.number}`,
      locationId: to.id,
      transferId: id,
      stock: 1,
    },
  ]);
  return getTransfer(ctx, id);
}

/**
 * A unit marked missing on a received transfer that will not turn up: a Manager writes it off, Lost. No ledger row:
 * it left the source's stock when it was sent and never came into the destination's. It stays missing on the transfer.
 */
export async function writeOffMissingUnit(
  ctx: WriteCtx,
  input: { transferId: number; serialId: number; approvalPin?: string | undefined },
): Promise<Transfer> {
  const { db } = ctx;
  const t = await requireTransfer(db, input.transferId);
  const unit = await missingUnit(ctx, t, input.serialId);
  const approver = await requireManager(ctx, input.approvalPin, `writing off ${unit.serial} as lost`);
  await db.updateTable('serials').set({ status: 'lost' }).where('id', '=', input.serialId).execute();
  await db
    .updateTable('transfers')
    .set({ revision: t.revision + 1 })
    .where('id', '=', t.id)
    .execute();
  const to = await requireLocation(ctx, t.to_location_id);
  const by = approver && approver !== ctx.actor ? `, approved by ${approver}` : '';
  await recordSerialEvents(ctx, [
    {
      serialId: input.serialId,
      kind: 'lost',
      note: `lost in transit on ${t.number} to ${to.name}, written off by ${ctx.actor}${by}`,
      locationId: t.from_location_id,
      transferId: t.id,
    },
  ]);
  return getTransfer(ctx, t.id);
}

/** A unit still missing on a transfer (marked missing at receipt, not found or written off since). */
async function missingUnit(ctx: ReadCtx, t: TransferRow, serialId: number) {
  const unit = await ctx.db
    .selectFrom('transfer_units as tu')
    .innerJoin('transfer_lines as tl', 'tl.id', 'tu.transfer_line_id')
    .innerJoin('serials as s', 's.id', 'tu.serial_id')
    .select(['tu.transfer_line_id', 'tu.state', 's.serial', 's.status'])
    .where('tl.transfer_id', '=', t.id)
    .where('tu.serial_id', '=', serialId)
    .executeTakeFirst();
  if (!unit) throw new AppError('not_found', `Unit ${serialId} is not on ${t.number}.`);
  if (unit.state !== 'missing' || unit.status !== 'in_transit')
    throw new AppError('conflict', `${unit.serial} is not missing on ${t.number}.`);
  return unit;
}

/** Drops a draft (nothing moved yet); it keeps its number, Cancelled. */
export async function cancelTransfer(ctx: WriteCtx, id: number): Promise<Transfer> {
  const t = await requireTransfer(ctx.db, id);
  requireStatus(t, 'draft', 'cancelled');
  await ctx.db
    .updateTable('transfers')
    .set({ status: 'cancelled', revision: t.revision + 1 })
    .where('id', '=', id)
    .execute();
  return getTransfer(ctx, id);
}

/**
 * The counter's Transfer here: a one-step transfer of one unit from where it is In stock to `locationId` (and the
 * Counts screen's "in the wrong place").
 */
export async function transferHere(ctx: WriteCtx, serialId: number, locationId: number): Promise<Transfer> {
  const unit = (await unitsById(ctx, [serialId])).get(serialId);
  if (!unit) throw new AppError('not_found', `No unit with id ${serialId}.`);
  const here = await requireLocation(ctx, locationId);
  const named = `${unit.serial} (${unit.productName})`;
  if (unit.deleted_at !== null) throw new AppError('conflict', `${named} was deleted.`);
  if (unit.status !== 'in_stock') throw new AppError('conflict', `${named} is ${serialStatusPhrase[unit.status]}.`);
  if (unit.location_id === here.id) throw new AppError('conflict', `${named} is already at ${here.name}.`);
  const draft = await saveTransfer(ctx, {
    fromLocationId: unit.location_id,
    toLocationId: here.id,
    notes: `Transfer here: ${unit.serial}`,
    lines: [{ productId: unit.product_id, qty: QTY_SCALE, serialIds: [serialId] }],
  });
  return sendTransfer(ctx, draft.id, true);
}
