// The transfers' reads (the list, one transfer) and the lookups the commands in transfers.ts share: a transfer by id,
// its stored lines and units, the units by id with where they are, and why a unit cannot leave a location.
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { serialStatusPhrase, transferStatusLabel, type TransferStatus } from '../../core/enums.ts';
import { AppError } from '../../core/errors.ts';
import type { Page, Transfer, TransferSummary } from '../../core/model.ts';
import type { DB, TransfersTable } from '../schema.ts';
import { chunks, type ReadCtx } from './context.ts';

export type TransferRow = Selectable<TransfersTable>;

export interface UnitRow {
  id: number;
  serial: string;
  product_id: number;
  productName: string;
  location_id: number;
  locationName: string;
  status: Selectable<DB['serials']>['status'];
  deleted_at: string | null;
}

export async function unitsById(ctx: ReadCtx, ids: readonly number[]): Promise<Map<number, UnitRow>> {
  const out = new Map<number, UnitRow>();
  for (const part of chunks([...new Set(ids)], 500)) {
    for (const r of await ctx.db
      .selectFrom('serials as s')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .innerJoin('locations as l', 'l.id', 's.location_id')
      .select([
        's.id',
        's.serial',
        's.product_id',
        'p.name as productName',
        's.location_id',
        'l.name as locationName',
        's.status',
        's.deleted_at',
      ])
      .where('s.id', 'in', part)
      .execute())
      out.set(r.id, r);
  }
  return out;
}

/** Why a unit cannot leave `from`, or null: only units In stock there may be picked and sent. */
export function unitRefusal(unit: UnitRow, from: { id: number; name: string }): string | null {
  const named = `${unit.serial} (${unit.productName})`;
  if (unit.deleted_at !== null) return `${named} was deleted.`;
  if (unit.status !== 'in_stock') return `${named} is ${serialStatusPhrase[unit.status]}.`;
  if (unit.location_id !== from.id) return `${named} is at ${unit.locationName}, not ${from.name}.`;
  return null;
}

export async function requireTransfer(db: Kysely<DB>, id: number): Promise<TransferRow> {
  const row = await db.selectFrom('transfers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', `No transfer with id ${id}.`);
  return row;
}

export function requireStatus(t: TransferRow, wanted: TransferStatus, doing: string): void {
  if (t.status === wanted) return;
  throw new AppError(
    'conflict',
    `${t.number} is ${transferStatusLabel[t.status].toLowerCase()}; only ${
      wanted === 'draft' ? 'a draft' : `a transfer ${transferStatusLabel[wanted].toLowerCase()}`
    } can be ${doing}.`,
  );
}

/** The lines and units of a transfer as stored. */
export async function storedLines(ctx: ReadCtx, id: number) {
  const lines = await ctx.db
    .selectFrom('transfer_lines as tl')
    .innerJoin('products as p', 'p.id', 'tl.product_id')
    .select(['tl.id', 'tl.product_id', 'tl.qty', 'tl.qty_received', 'p.name', 'p.serialized'])
    .where('tl.transfer_id', '=', id)
    .orderBy('tl.position')
    .execute();
  const units = await ctx.db
    .selectFrom('transfer_units as tu')
    .innerJoin('transfer_lines as tl', 'tl.id', 'tu.transfer_line_id')
    .select(['tu.transfer_line_id', 'tu.serial_id', 'tu.state'])
    .where('tl.transfer_id', '=', id)
    .execute();
  return { lines, units };
}

export async function getTransfer(ctx: ReadCtx, id: number): Promise<Transfer> {
  const { db } = ctx;
  const t = await db
    .selectFrom('transfers as t')
    .innerJoin('locations as f', 'f.id', 't.from_location_id')
    .innerJoin('locations as d', 'd.id', 't.to_location_id')
    .selectAll('t')
    .select(['f.name as fromName', 'd.name as toName'])
    .where('t.id', '=', id)
    .executeTakeFirst();
  if (!t) throw new AppError('not_found', `No transfer with id ${id}.`);
  const lines = await db
    .selectFrom('transfer_lines as tl')
    .innerJoin('products as p', 'p.id', 'tl.product_id')
    .select(['tl.id', 'tl.product_id', 'p.name', 'p.sku', 'p.barcode', 'p.serialized', 'tl.qty', 'tl.qty_received'])
    .where('tl.transfer_id', '=', id)
    .orderBy('tl.position')
    .execute();
  const units = await db
    .selectFrom('transfer_units as tu')
    .innerJoin('transfer_lines as tl', 'tl.id', 'tu.transfer_line_id')
    .innerJoin('serials as s', 's.id', 'tu.serial_id')
    .select(['tu.transfer_line_id', 'tu.serial_id', 'tu.state', 's.serial', 's.status'])
    .where('tl.transfer_id', '=', id)
    .orderBy('s.serial')
    .execute();
  return {
    id: t.id,
    number: t.number,
    fromLocationId: t.from_location_id,
    fromLocationName: t.fromName,
    toLocationId: t.to_location_id,
    toLocationName: t.toName,
    status: t.status,
    notes: t.notes,
    revision: t.revision,
    createdAt: t.created_at,
    createdBy: t.created_by,
    sentAt: t.sent_at,
    sentBy: t.sent_by,
    receivedAt: t.received_at,
    receivedBy: t.received_by,
    lines: lines.map((l) => ({
      id: l.id,
      productId: l.product_id,
      productName: l.name,
      sku: l.sku,
      barcode: l.barcode,
      serialized: l.serialized === 1,
      qty: l.qty,
      qtyReceived: l.qty_received,
      units: units
        .filter((u) => u.transfer_line_id === l.id)
        .map((u) => ({ serialId: u.serial_id, serial: u.serial, state: u.state, status: u.status })),
    })),
  };
}

export async function listTransfers(
  ctx: ReadCtx,
  filter: { status?: TransferStatus; missingUnits?: boolean | undefined; limit: number; offset: number },
): Promise<Page<TransferSummary>> {
  const { db } = ctx;
  // A unit still missing: marked missing at receipt and still In transit (not found, not written off).
  const stillMissing = (eb: ExpressionBuilder<DB & { t: DB['transfers'] }, 't'>) =>
    eb
      .selectFrom('transfer_units as tu')
      .innerJoin('transfer_lines as ml', 'ml.id', 'tu.transfer_line_id')
      .innerJoin('serials as ms', 'ms.id', 'tu.serial_id')
      .whereRef('ml.transfer_id', '=', 't.id')
      .where('tu.state', '=', 'missing')
      .where('ms.status', '=', 'in_transit');
  let q = db.selectFrom('transfers as t');
  if (filter.status) q = q.where('t.status', '=', filter.status);
  if (filter.missingUnits) q = q.where((eb) => eb.exists(stillMissing(eb).select('tu.serial_id')));
  const [{ total }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow(),
    q
      .innerJoin('locations as f', 'f.id', 't.from_location_id')
      .innerJoin('locations as d', 'd.id', 't.to_location_id')
      .select((eb) => [
        't.id',
        't.number',
        'f.name as fromLocationName',
        'd.name as toLocationName',
        't.status',
        't.created_at as createdAt',
        't.sent_at as sentAt',
        't.received_at as receivedAt',
        eb
          .selectFrom('transfer_lines as tl')
          .whereRef('tl.transfer_id', '=', 't.id')
          .select((e) => e.fn.countAll<number | string>().as('n'))
          .as('lines'),
        stillMissing(eb)
          .select((e) => e.fn.countAll<number | string>().as('n'))
          .as('missingUnits'),
        // Received lines without serials where less arrived than was sent.
        eb
          .selectFrom('transfer_lines as sl')
          .innerJoin('products as sp', 'sp.id', 'sl.product_id')
          .whereRef('sl.transfer_id', '=', 't.id')
          .where('t.status', '=', 'received')
          .where('sp.serialized', '=', 0)
          .whereRef('sl.qty_received', '<', 'sl.qty')
          .select((e) => e.fn.countAll<number | string>().as('n'))
          .as('shortLines'),
      ])
      .orderBy('t.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
  ]);
  return {
    total: Number(total),
    rows: rows.map((r) => ({
      ...r,
      lines: Number(r.lines ?? 0),
      missingUnits: Number(r.missingUnits ?? 0),
      shortLines: Number(r.shortLines ?? 0),
    })),
  };
}
