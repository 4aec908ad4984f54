import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { CsvSyntaxError, headerKey, parseCsv, type CsvFile } from '../csv.ts';
import { AppError } from '../../core/errors.ts';
import { gtinCheckDigitValid } from '../../core/gtin.ts';
import type { ImportJob, ImportKind, ImportPreview, ImportRowError } from '../../core/model.ts';
import { MAX_UNIT_PRICE_MINOR } from '../../core/money.ts';
import type { DB } from '../schema.ts';
import { chunks, inWriteTransaction, type ReadCtx, type WriteCtx } from './context.ts';
import { existingSerials, receiveGoods } from './receiving.ts';

// CSV import of products and of serials. Preview and import run the same checks; the import runs
// only when there are no row errors, as one transaction, and a failure or cancel writes nothing.
// Serials enter through receiveGoods (one receipt per location), so the receipt rules hold here too.

const MAX_LISTED_ERRORS = 1000;
const SAMPLE_ROWS = 100;

interface Column { key: string; label: string; required: boolean; aliases: string[] }

const columns: Record<ImportKind, Column[]> = {
  products: [
    { key: 'sku', label: 'sku', required: true, aliases: ['sku', 'productsku', 'itemcode'] },
    { key: 'name', label: 'name', required: true, aliases: ['name', 'productname', 'description'] },
    { key: 'price', label: 'price', required: true, aliases: ['price', 'unitprice', 'saleprice'] },
    { key: 'barcode', label: 'barcode', required: false, aliases: ['barcode', 'gtin', 'ean', 'upc'] },
    { key: 'taxable', label: 'taxable', required: false, aliases: ['taxable'] },
    { key: 'serialized', label: 'serialized', required: false, aliases: ['serialized', 'serialtracked', 'serialised'] },
    { key: 'maintainStock', label: 'maintain stock', required: false, aliases: ['maintainstock', 'stocked', 'trackstock'] },
  ],
  serials: [
    { key: 'sku', label: 'product sku', required: true, aliases: ['sku', 'productsku', 'product'] },
    { key: 'serial', label: 'serial', required: true, aliases: ['serial', 'serialnumber', 'sn'] },
    { key: 'location', label: 'location', required: false, aliases: ['location', 'locationname', 'store'] },
    { key: 'conditionNotes', label: 'condition notes', required: false, aliases: ['conditionnotes', 'condition', 'notes'] },
  ],
};

export const importColumns = (kind: ImportKind) => columns[kind].map((c) => ({ label: c.label, required: c.required }));

type Row = { line: number; get: (key: string) => string };

interface Checked<T> { rowCount: number; columns: string[]; sample: ImportPreview['sample']; errors: ImportRowError[]; plan: T | null }

function readFile(kind: ImportKind, text: string): { file: CsvFile; rows: Row[]; errors: ImportRowError[] } {
  let file: CsvFile;
  try {
    file = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { file: { delimiter: ',', header: [], records: [] }, rows: [], errors: [{ line: e.line, message: e.message }] };
    throw e;
  }
  const index = new Map<string, number>();
  const errors: ImportRowError[] = [];
  for (const col of columns[kind]) {
    const at = file.header.findIndex((h) => col.aliases.includes(headerKey(h)));
    if (at >= 0) index.set(col.key, at);
    else if (col.required) errors.push({ line: 1, message: `The header row has no "${col.label}" column (found: ${file.header.join(', ') || 'nothing'}).` });
  }
  if (file.records.length === 0 && errors.length === 0) errors.push({ line: 1, message: 'The file has a header row but no data rows.' });
  const width = file.header.length;
  const rows: Row[] = [];
  for (const r of file.records) {
    if (r.values.length < width && r.values.length > 1) {
      errors.push({ line: r.line, message: `Line ${r.line}: ${r.values.length} values where the header has ${width}.` });
      continue;
    }
    rows.push({ line: r.line, get: (key) => { const i = index.get(key); return i === undefined ? '' : (r.values[i] ?? '').trim(); } });
  }
  return { file, rows, errors };
}

const truthy = new Map([['yes', true], ['y', true], ['true', true], ['1', true], ['no', false], ['n', false], ['false', false], ['0', false]]);
function flag(value: string, fallback: boolean): boolean | null {
  if (value === '') return fallback;
  return truthy.get(value.toLowerCase()) ?? null;
}

/** A price as 12.99 or 12,99 (no thousands separators: they are ambiguous between the two). */
function price(value: string): number | null {
  const m = /^(\d{1,10})(?:[.,](\d{1,2}))?$/.exec(value);
  if (!m) return null;
  const minor = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return minor <= MAX_UNIT_PRICE_MINOR ? minor : null;
}

interface ProductPlanRow { sku: string; name: string; barcode: string | null; priceMinor: number; taxable: boolean; serialized: boolean; maintainStock: boolean }

async function checkProducts(ctx: ReadCtx, text: string): Promise<Checked<ProductPlanRow[]>> {
  const { db } = ctx;
  const { file, rows, errors } = readFile('products', text);
  const plan: ProductPlanRow[] = [];
  const skus = new Map<string, number>();
  const barcodes = new Map<string, number>();
  for (const row of rows) {
    const sku = row.get('sku');
    const name = row.get('name');
    const barcode = row.get('barcode') || null;
    const problems: string[] = [];
    if (!sku) problems.push('the SKU is empty');
    else if (sku.length > 64) problems.push('the SKU is longer than 64 characters');
    else if (skus.has(sku.toLowerCase())) problems.push(`SKU ${sku} is also on line ${skus.get(sku.toLowerCase())}`);
    if (!name) problems.push('the name is empty');
    const priceMinor = price(row.get('price'));
    if (priceMinor === null) problems.push(`the price "${row.get('price')}" is not an amount like 12.99`);
    if (barcode && barcodes.has(barcode)) problems.push(`barcode ${barcode} is also on line ${barcodes.get(barcode)}`);
    if (barcode && /^\d{8}$|^\d{12,14}$/.test(barcode) && !gtinCheckDigitValid(barcode)) problems.push(`barcode ${barcode} has a wrong check digit`);
    const taxable = flag(row.get('taxable'), true);
    const serialized = flag(row.get('serialized'), false);
    const maintainStock = flag(row.get('maintainStock'), true);
    for (const [label, value] of [['taxable', taxable], ['serialized', serialized], ['maintain stock', maintainStock]] as const) {
      if (value === null) problems.push(`${label} must be yes or no`);
    }
    if (sku) skus.set(sku.toLowerCase(), skus.get(sku.toLowerCase()) ?? row.line);
    if (barcode) barcodes.set(barcode, barcodes.get(barcode) ?? row.line);
    if (problems.length > 0) errors.push({ line: row.line, message: `Line ${row.line}: ${problems.join('; ')}.` });
    else plan.push({ sku, name, barcode, priceMinor: priceMinor!, taxable: taxable!, serialized: serialized!, maintainStock: serialized! || maintainStock! });
  }
  for (const part of chunks(plan, 400)) {
    const found = await db.selectFrom('products').select(['sku', 'barcode'])
      .where((eb) => eb.or([eb('sku', 'in', part.map((p) => p.sku)), eb('barcode', 'in', part.flatMap((p) => (p.barcode ? [p.barcode] : ['']))) ]))
      .execute();
    for (const f of found) {
      const hit = part.find((p) => p.sku.toLowerCase() === f.sku.toLowerCase());
      if (hit) errors.push({ line: skus.get(hit.sku.toLowerCase()) ?? 0, message: `Line ${skus.get(hit.sku.toLowerCase())}: a product with SKU ${hit.sku} already exists.` });
      const byCode = f.barcode ? part.find((p) => p.barcode === f.barcode && p !== hit) : undefined;
      if (byCode) errors.push({ line: barcodes.get(byCode.barcode!) ?? 0, message: `Line ${barcodes.get(byCode.barcode!)}: another product (${f.sku}) already has barcode ${byCode.barcode}.` });
    }
  }
  return finish(file, rows.length, errors, plan);
}

interface SerialPlan { byLocation: Map<number, Map<number, Array<{ serial: string; conditionNotes: string }>>>; count: number }

async function checkSerials(ctx: ReadCtx, text: string): Promise<Checked<SerialPlan>> {
  const { db } = ctx;
  const { file, rows, errors } = readFile('serials', text);
  const products = await db.selectFrom('products').select(['id', 'sku', 'name', 'serialized']).execute();
  const bySku = new Map(products.map((p) => [p.sku.toLowerCase(), p]));
  const locations = await db.selectFrom('locations').select(['id', 'name', 'is_default']).execute();
  const byName = new Map(locations.map((l) => [l.name.toLowerCase(), l]));
  const fallback = locations.find((l) => l.is_default === 1) ?? locations[0];
  const seen = new Map<number, Map<string, number>>(); // product → serial → line
  const plan: SerialPlan = { byLocation: new Map(), count: 0 };
  for (const row of rows) {
    const sku = row.get('sku');
    const serial = row.get('serial');
    const place = row.get('location');
    const problems: string[] = [];
    const product = bySku.get(sku.toLowerCase());
    if (!sku) problems.push('the product SKU is empty');
    else if (!product) problems.push(`no product has SKU ${sku}`);
    else if (product.serialized !== 1) problems.push(`${product.name} (${product.sku}) is not serial-tracked`);
    const location = place ? byName.get(place.toLowerCase()) : fallback;
    if (!location) problems.push(place ? `no location is named ${place}` : 'the store has no location');
    if (!serial) problems.push('the serial is empty');
    else if (serial.length > 100) problems.push('the serial is longer than 100 characters');
    else if (product) {
      const mine = seen.get(product.id) ?? new Map<string, number>();
      seen.set(product.id, mine);
      const first = mine.get(serial);
      if (first !== undefined) problems.push(`${serial} is also on line ${first}`);
      else mine.set(serial, row.line);
    }
    if (problems.length > 0) { errors.push({ line: row.line, message: `Line ${row.line}: ${problems.join('; ')}.` }); continue; }
    const perProduct = plan.byLocation.get(location!.id) ?? new Map();
    plan.byLocation.set(location!.id, perProduct);
    const list = perProduct.get(product!.id) ?? [];
    perProduct.set(product!.id, list);
    list.push({ serial, conditionNotes: row.get('conditionNotes') });
    plan.count++;
  }
  for (const [productId, serials] of seen) {
    const name = products.find((p) => p.id === productId)?.name ?? '';
    for (const serial of await existingSerials(ctx, productId, [...serials.keys()])) {
      const line = serials.get(serial) ?? 0;
      errors.push({ line, message: `Line ${line}: ${serial} already exists for ${name}.` });
    }
  }
  return finish(file, rows.length, errors, plan);
}

function finish<T>(file: CsvFile, rowCount: number, errors: ImportRowError[], plan: T): Checked<T> {
  errors.sort((a, b) => a.line - b.line);
  return {
    rowCount,
    columns: file.header,
    sample: file.records.slice(0, SAMPLE_ROWS).map((r) => ({ line: r.line, values: r.values })),
    errors,
    plan: errors.length === 0 ? plan : null,
  };
}

const check = (ctx: ReadCtx, kind: ImportKind, text: string) => (kind === 'products' ? checkProducts(ctx, text) : checkSerials(ctx, text));

export async function previewImport(ctx: ReadCtx, kind: ImportKind, text: string): Promise<ImportPreview> {
  const c = await check(ctx, kind, text);
  return { kind, columns: c.columns, sample: c.sample, rowCount: c.rowCount, errors: c.errors.slice(0, MAX_LISTED_ERRORS), moreErrors: Math.max(0, c.errors.length - MAX_LISTED_ERRORS) };
}

/** Reports progress; throwing from it (a cancel) rolls the whole import back. */
export type Progress = (done: number) => Promise<void>;

/** The import itself, inside the caller's transaction. Refuses (writing nothing) when any row has an error. */
export async function runImport(ctx: WriteCtx, kind: ImportKind, text: string, fileName: string, progress: Progress = async () => {}): Promise<NonNullable<ImportJob['result']>> {
  const { db } = ctx;
  if (kind === 'products') {
    const c = await checkProducts(ctx, text);
    if (!c.plan) throw new AppError('invalid_input', `Nothing was imported: ${c.errors.length} row error${c.errors.length === 1 ? '' : 's'}.`, { errors: c.errors.slice(0, MAX_LISTED_ERRORS) });
    let done = 0;
    for (const part of chunks(c.plan, 500)) {
      await db.insertInto('products').values(part.map((p) => ({
        sku: p.sku, barcode: p.barcode, name: p.name, price_minor: p.priceMinor, taxable: p.taxable ? 1 : 0, serialized: p.serialized ? 1 : 0, maintain_stock: p.maintainStock ? 1 : 0,
      }))).execute();
      done += part.length;
      await progress(done);
    }
    return { created: done, receipts: [] };
  }
  const c = await checkSerials(ctx, text);
  if (!c.plan) throw new AppError('invalid_input', `Nothing was imported: ${c.errors.length} row error${c.errors.length === 1 ? '' : 's'}.`, { errors: c.errors.slice(0, MAX_LISTED_ERRORS) });
  const receipts: string[] = [];
  let done = 0;
  for (const [locationId, perProduct] of c.plan.byLocation) {
    const receipt = await receiveGoods(ctx, {
      locationId,
      source: 'import',
      reference: fileName,
      lines: [...perProduct].map(([productId, serials]) => ({ productId, qty: serials.length, serials })),
      onProgress: async (n) => progress(done + n),
    });
    done += receipt.serialIds.length;
    receipts.push(receipt.number);
  }
  return { created: done, receipts };
}

// Running imports, by id. An import holds the store's one connection for its transaction, so other
// calls wait for it; progress and cancel are answered from memory without touching the store.
interface Running { job: ImportJob; cancel: boolean }
const jobs = new Map<string, Running>();

export function startImport(ctx: ReadCtx, kind: ImportKind, text: string, fileName: string): ImportJob {
  const id = randomUUID();
  const total = text.split('\n').filter((l) => l.trim()).length - 1;
  const running: Running = {
    cancel: false,
    job: { id, kind, state: 'running', phase: 'checking', done: 0, total: Math.max(0, total), message: 'Checking rows…', errors: [], result: null },
  };
  jobs.set(id, running);
  for (const old of [...jobs.keys()].slice(0, Math.max(0, jobs.size - 20))) if (jobs.get(old)?.job.state !== 'running') jobs.delete(old);
  let lastYield = Date.now();
  const progress: Progress = async (done) => {
    running.job = { ...running.job, phase: 'writing', done, message: `Writing ${done.toLocaleString('en-US')} of ${running.job.total.toLocaleString('en-US')} rows…` };
    if (Date.now() - lastYield > 50) {
      await new Promise((resolve) => setImmediate(resolve)); // let progress polls and a cancel in
      lastYield = Date.now();
    }
    if (running.cancel) throw new AppError('cancelled', 'The import was cancelled; nothing was written.');
  };
  void (async () => {
    await new Promise((resolve) => setImmediate(resolve)); // answer the start call first
    try {
      const result = await inWriteTransaction(ctx, (trx) => runImport(trx, kind, text, fileName, progress));
      const what = kind === 'products' ? 'product' : 'serial';
      running.job = {
        ...running.job, state: 'done', phase: 'finished', done: result.created, result,
        message: `Imported ${result.created.toLocaleString('en-US')} ${what}${result.created === 1 ? '' : 's'}${result.receipts.length ? ` on ${result.receipts.join(', ')}` : ''}.`,
      };
    } catch (e) {
      const error = e instanceof AppError ? e : new AppError('internal', `The import failed and wrote nothing: ${(e as Error).message}`);
      const details = error.details as { errors?: ImportRowError[] } | undefined;
      running.job = {
        ...running.job, state: error.code === 'cancelled' ? 'cancelled' : 'failed', phase: 'finished', done: 0,
        message: error.message, errors: details?.errors ?? [],
      };
    }
  })();
  return running.job;
}

export function importProgress(id: string): ImportJob {
  const running = jobs.get(id);
  if (!running) throw new AppError('not_found', 'No such import (it may belong to an earlier run of the app).');
  return running.job;
}

export function cancelImport(id: string): ImportJob {
  const running = jobs.get(id);
  if (!running) throw new AppError('not_found', 'No such import (it may belong to an earlier run of the app).');
  if (running.job.state === 'running') running.cancel = true;
  return running.job;
}
