import { AppError } from '../../core/errors.ts';
import type { CountScanResult, SerialMatch, StockCount } from '../../core/model.ts';
import { QTY_SCALE } from '../../core/money.ts';
import { classify } from '../../core/scan/classify.ts';
import { MAX_SERIAL_LENGTH, normalizeSerial, serialKey, visibleSerial } from '../../core/serial.ts';
import { classifyDbError } from '../dialect.ts';
import { findProductByCode } from './catalog.ts';
import { iso, type ReadCtx, type WriteCtx } from './context.ts';
import { lookupSerial } from './serials.ts';
import { shopLocale } from './settings.ts';
import { getStockCount, movedSince, toScan, type CountRow } from './stockCountReview.ts';
import { requireOpen } from './stockCounts.ts';

// Scanning into an open stock count, with the receiving console's inline checks: each scan is its own row (several
// people add up), a unit counts once per count (the unique index stock_count_scans_unit_once is the backstop when two
// counters race: its refusal becomes the same message), and every refusal says why in the counter's words. Nothing
// here changes stock: posting does (stockCountPost.ts).
/** Whether a product is counted here: any stock-keeping product in a count of all, else the ones chosen. */
async function inCount(ctx: ReadCtx, row: CountRow, productId: number): Promise<boolean> {
  if (row.all_products === 1) return true;
  const hit = await ctx.db
    .selectFrom('stock_count_products')
    .select('product_id')
    .where('stock_count_id', '=', row.id)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  return hit !== undefined;
}

/** "Casey Cashier at 10:02", in the shop's locale and this machine's time zone. */
async function whoWhen(ctx: ReadCtx, scan: { actor: string; at: string }): Promise<string> {
  const locale = await shopLocale(ctx);
  let time: string;
  try {
    time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(scan.at));
  } catch {
    time = new Intl.DateTimeFormat('en-US', { timeStyle: 'short' }).format(new Date(scan.at));
  }
  return `by ${scan.actor} at ${time}`;
}

/** The scan that already counted this unit (by id, or as an unknown serial it now has), if any. */
async function countedAlready(ctx: ReadCtx, countId: number, unit: { serialId: number; serial: string }) {
  const byId = await ctx.db
    .selectFrom('stock_count_scans')
    .select(['actor', 'at'])
    .where('stock_count_id', '=', countId)
    .where('serial_id', '=', unit.serialId)
    .executeTakeFirst();
  if (byId) return byId;
  return unknownScanOf(ctx, countId, unit.serial);
}

async function unknownScanOf(ctx: ReadCtx, countId: number, serial: string) {
  const key = serialKey(serial);
  const rows = await ctx.db
    .selectFrom('stock_count_scans')
    .select(['actor', 'at', 'serial_text'])
    .where('stock_count_id', '=', countId)
    .where('serial_text', 'is not', null)
    .execute();
  return rows.find((r) => serialKey(r.serial_text!) === key);
}

/**
 * One scan into an open count: a unit (SN:, GS1 with AI 21, or a plain serial), a quantity of a product without
 * serials (its barcode or SKU; thousandths, default one unit; negative corrects a miscount), or a serial no unit has
 * (recorded as unknown). Refusals say why in the counter's words.
 */
export async function countScan(
  ctx: WriteCtx,
  input: { countId: number; code: string; qty?: number | undefined },
): Promise<CountScanResult> {
  const row = await requireOpen(ctx, input.countId);
  const scanned = classify(input.code);
  const code = scanned.text;
  if (!code) throw new AppError('invalid_input', 'Scan or type a code.', { field: 'code' });

  let serialText: string | null = null;
  let gtin: string | undefined;
  let product = null as Awaited<ReturnType<typeof findProductByCode>>;
  if (scanned.kind === 'serial') serialText = scanned.serial;
  else if (scanned.kind === 'gs1') {
    gtin = scanned.gtin;
    if (scanned.serial) serialText = scanned.serial;
    else if (gtin) product = await findProductByCode(ctx, gtin);
  } else {
    product = await findProductByCode(ctx, code);
    if (!product && scanned.kind === 'code') serialText = code;
  }

  if (product) return countQuantity(ctx, row, product, code, input.qty);
  if (serialText === null)
    throw new AppError('not_found', `No product or unit has the code ${code}.`, { field: 'code' });
  const serial = normalizeSerial(serialText);
  if (!serial) throw new AppError('invalid_input', 'That scan has no serial after SN:.', { field: 'code' });
  if (serial.length > MAX_SERIAL_LENGTH)
    throw new AppError('invalid_input', `A serial is at most ${MAX_SERIAL_LENGTH} characters.`, { field: 'code' });
  if (input.qty !== undefined && input.qty !== QTY_SCALE) {
    // A quantity typed with a code that is no product: the person meant a product (a typo), not an unknown serial.
    if (scanned.kind === 'code') throw new AppError('not_found', `No product has the code ${code}.`, { field: 'code' });
    throw new AppError('invalid_input', `${visibleSerial(serial)} is one unit: scan each serial once.`, {
      field: 'qty',
    });
  }

  const matches = await lookupSerial(ctx, serial, gtin);
  const unit = await pickUnit(ctx, row, matches);
  if (!unit) {
    // Units of other products only: not this count's business.
    if (matches.length > 0) {
      const m = matches[0]!;
      throw new AppError('invalid_input', `${visibleSerial(m.serial)} (${m.productName}) is not in this count.`, {
        field: 'code',
      });
    }
    return countUnknown(ctx, row, serial, code);
  }
  const before = await countedAlready(ctx, row.id, unit);
  if (before) throw alreadyCounted(visibleSerial(unit.serial), await whoWhen(ctx, before));
  const scan = await insertScan(
    ctx,
    row.id,
    { product_id: unit.productId, serial_id: unit.serialId, qty: QTY_SCALE },
    code,
    () => alreadyCountedNow(ctx, row.id, unit),
  );
  const here = unit.locationId === row.location_id && unit.status === 'in_stock';
  const name = visibleSerial(unit.serial);
  const message = here
    ? `${name} counted (${unit.productName}).`
    : unit.status === 'in_stock'
      ? `${name} counted: it is recorded at ${unit.locationName}; posting moves it here.`
      : unit.status === 'lost'
        ? `${name} counted: it was written off as lost; posting finds it here.`
        : `${name} counted, but it is ${statusWords(unit)}: posting leaves it alone.`;
  return result(ctx, row, scan, message, here ? 'ok' : 'warning', unit.productId, unit.productName);
}

function statusWords(unit: SerialMatch): string {
  const on = unit.invoice ? ` on ${unit.invoice.number}` : '';
  const words: Record<SerialMatch['status'], string> = {
    in_stock: 'in stock',
    sold: `sold${on}`,
    reserved: `reserved${on}`,
    returned: 'returned',
    rma: 'out for repair (RMA)',
    scrapped: 'scrapped',
    in_transit: 'in transit on a transfer',
    issued: 'issued',
    lost: 'lost',
  };
  return words[unit.status];
}

/** The unit meant: of the count's products; if several products have the serial, the one expected or here. */
async function pickUnit(ctx: ReadCtx, row: CountRow, matches: SerialMatch[]): Promise<SerialMatch | null> {
  const ours: SerialMatch[] = [];
  for (const m of matches) if (await inCount(ctx, row, m.productId)) ours.push(m);
  if (ours.length <= 1) return ours[0] ?? null;
  const here = ours.filter((m) => m.locationId === row.location_id);
  if (here.length === 1) return here[0]!;
  throw new AppError(
    'conflict',
    `${visibleSerial(ours[0]!.serial)} is a serial of ${ours.map((m) => m.productName).join(' and ')}: scan its GS1 code (with the GTIN) instead.`,
    { field: 'code' },
  );
}

const alreadyCounted = (name: string, whoWhenText: string) =>
  new AppError('conflict', `${name} is already counted (${whoWhenText}).`, { field: 'code' });

/** After a lost race: the same refusal, saying who when the store still answers (SQLite), else without. */
async function alreadyCountedNow(ctx: ReadCtx, countId: number, unit: { serialId: number; serial: string }) {
  const before = await countedAlready(ctx, countId, unit).catch(() => undefined);
  const name = visibleSerial(unit.serial);
  return before
    ? alreadyCounted(name, await whoWhen(ctx, before))
    : new AppError('conflict', `${name} is already counted.`);
}

async function countQuantity(
  ctx: WriteCtx,
  row: CountRow,
  product: NonNullable<Awaited<ReturnType<typeof findProductByCode>>>,
  code: string,
  qty: number | undefined,
): Promise<CountScanResult> {
  if (!product.serialized && !product.maintainStock)
    throw new AppError('invalid_input', `${product.name} is a service and keeps no stock.`, { field: 'code' });
  if (product.serialized)
    throw new AppError('invalid_input', `${product.name} is serial-tracked: scan its serial.`, { field: 'code' });
  if (!(await inCount(ctx, row, product.id)))
    throw new AppError('invalid_input', `${product.name} is not in this count.`, { field: 'code' });
  const amount = qty ?? QTY_SCALE;
  if (amount === 0) throw new AppError('invalid_input', 'A quantity of 0 counts nothing.', { field: 'qty' });
  if (amount < 0) {
    const sum = await ctx.db
      .selectFrom('stock_count_scans')
      .select((eb) => eb.fn.sum<number | string>('qty').as('qty'))
      .where('stock_count_id', '=', row.id)
      .where('product_id', '=', product.id)
      .executeTakeFirst();
    const counted = Number(sum?.qty ?? 0);
    if (counted + amount < 0)
      throw new AppError(
        'invalid_input',
        `A correction of ${-amount / QTY_SCALE} is more than the ${counted / QTY_SCALE} of ${product.name} counted.`,
        { field: 'qty' },
      );
  }
  const scan = await insertScan(ctx, row.id, { product_id: product.id, serial_id: null, qty: amount }, code, () =>
    Promise.resolve(new AppError('conflict', 'That scan was not recorded: try again.')),
  );
  const message =
    amount > 0
      ? `${product.name}: ${amount / QTY_SCALE} counted.`
      : `${product.name}: corrected by ${amount / QTY_SCALE}.`;
  return result(ctx, row, scan, message, 'ok', product.id, product.name);
}

async function countUnknown(ctx: WriteCtx, row: CountRow, serial: string, code: string): Promise<CountScanResult> {
  const name = visibleSerial(serial);
  const before = await unknownScanOf(ctx, row.id, serial);
  if (before) throw alreadyCounted(visibleSerial(before.serial_text!), await whoWhen(ctx, before));
  const scan = await insertScan(
    ctx,
    row.id,
    { product_id: null, serial_id: null, serial_text: serial, qty: QTY_SCALE },
    code,
    () => Promise.resolve(new AppError('conflict', `${name} is already counted.`)),
  );
  return result(ctx, row, scan, `${name} is not a known serial: recorded as unknown.`, 'warning', null, null);
}

async function insertScan(
  ctx: WriteCtx,
  countId: number,
  values: { product_id: number | null; serial_id: number | null; serial_text?: string; qty: number },
  code: string,
  onDuplicate: () => Promise<AppError>,
) {
  try {
    return await ctx.db
      .insertInto('stock_count_scans')
      .values({
        stock_count_id: countId,
        serial_text: null,
        ...values,
        code: code.slice(0, 200),
        at: iso(ctx.now()),
        actor: ctx.actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (classifyDbError(error) === 'unique') throw await onDuplicate();
    throw error;
  }
}

async function result(
  ctx: ReadCtx,
  row: CountRow,
  inserted: { id: number },
  message: string,
  tone: CountScanResult['tone'],
  productId: number | null,
  productName: string | null,
): Promise<CountScanResult> {
  const { db } = ctx;
  const scan = await db
    .selectFrom('stock_count_scans as sc')
    .leftJoin('serials as s', 's.id', 'sc.serial_id')
    .leftJoin('products as p', 'p.id', 'sc.product_id')
    .select([
      'sc.id',
      'sc.code',
      'sc.product_id',
      'p.name as product_name',
      'sc.serial_id',
      's.serial',
      'sc.serial_text',
      'sc.qty',
      'sc.at',
      'sc.actor',
    ])
    .where('sc.id', '=', inserted.id)
    .executeTakeFirstOrThrow();
  const total = await db
    .selectFrom('stock_count_scans')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('stock_count_id', '=', row.id)
    .executeTakeFirstOrThrow();
  let product: CountScanResult['product'] = null;
  if (productId !== null && productName !== null) {
    const [expected, counted] = await Promise.all([
      db
        .selectFrom('stock_count_products')
        .select('expected_qty')
        .where('stock_count_id', '=', row.id)
        .where('product_id', '=', productId)
        .executeTakeFirst(),
      db
        .selectFrom('stock_count_scans')
        .select((eb) => eb.fn.sum<number | string>('qty').as('qty'))
        .where('stock_count_id', '=', row.id)
        .where('product_id', '=', productId)
        .executeTakeFirst(),
    ]);
    // Expected now: the snapshot plus what moved here since the count started (as the review shows it).
    const moved = (await movedSince(ctx, row, [productId])).get(productId) ?? 0;
    product = {
      productId,
      productName,
      expectedQty: (expected?.expected_qty ?? 0) + moved,
      countedQty: Number(counted?.qty ?? 0),
    };
  }
  return { scan: toScan(scan), message, tone, product, scanCount: Number(total.n) };
}

/** Takes back a mistaken scan of an open count. */
export async function removeCountScan(ctx: WriteCtx, input: { countId: number; scanId: number }): Promise<StockCount> {
  const row = await requireOpen(ctx, input.countId);
  const removed = await ctx.db
    .deleteFrom('stock_count_scans')
    .where('id', '=', input.scanId)
    .where('stock_count_id', '=', row.id)
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0)
    throw new AppError('not_found', `That scan is not on ${row.number} (removed already?).`);
  return getStockCount(ctx, row.id);
}
