import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { CsvSyntaxError, headerKey, parseCsv, type CsvFile } from '../csv.ts';
import { AppError, type AppErrorValue } from '../../core/errors.ts';
import { gtinCheckDigitValid } from '../../core/gtin.ts';
import type { ImportJob, ImportKind, ImportPreview, ImportRowError } from '../../core/model.ts';
import {
  currencyDigits,
  formatMoney,
  MAX_UNIT_PRICE_MINOR,
  moneyFormat,
  parseImportedMoney,
  type MoneyFormat,
} from '../../core/money.ts';
import { MAX_SERIAL_LENGTH, normalizeSerial, serialKey, visibleSerial } from '../../core/serial.ts';
import { isNotesText, isPlainText } from '../../core/text.ts';
import { classifyDbError, isPostgres } from '../dialect.ts';
import { postgresUrlOf } from '../postgres.ts';
import { chunks, inWriteTransaction, type ReadCtx, type WriteCtx } from './context.ts';
import { findExistingSerials, receiveGoods, type ReceiptProblem, type ReceiveSerial } from './receiving.ts';
import { shopCurrency, shopLocale } from './settings.ts';

// CSV import of products and of serials. Preview and import run the same checks; the import runs
// only when there are no row errors, and a failure or cancel writes nothing. Serials enter through
// receiveGoods (one receipt per location), so the receipt rules hold here too.
//
// An import started from the app is a job that never holds up the counter: it runs in a worker
// thread on its own connection to the same file (importWorker.ts). It reads and checks every row
// with plain reads, without the write lock, so saves and scans go on; only then does it take the
// lock for one short apply, which re-checks what may have changed meanwhile (units received since:
// receiveGoods' own check). The job registry stays here in the main process and answers progress
// from memory. An in-memory store cannot be shared with another thread: its imports run the same
// stages in-process (the documented fallback).

const MAX_LISTED_ERRORS = 1000;
const SAMPLE_ROWS = 100;

interface Column {
  key: string;
  label: string;
  required: boolean;
  aliases: string[];
}

const columns: Record<ImportKind, Column[]> = {
  products: [
    { key: 'sku', label: 'sku', required: true, aliases: ['sku', 'productsku', 'itemcode'] },
    { key: 'name', label: 'name', required: true, aliases: ['name', 'productname', 'description'] },
    { key: 'price', label: 'price', required: true, aliases: ['price', 'unitprice', 'saleprice'] },
    { key: 'barcode', label: 'barcode', required: false, aliases: ['barcode', 'gtin', 'ean', 'upc'] },
    { key: 'taxable', label: 'taxable', required: false, aliases: ['taxable'] },
    { key: 'serialized', label: 'serialized', required: false, aliases: ['serialized', 'serialtracked', 'serialised'] },
    {
      key: 'maintainStock',
      label: 'maintain stock',
      required: false,
      aliases: ['maintainstock', 'stocked', 'trackstock'],
    },
  ],
  serials: [
    { key: 'sku', label: 'product sku', required: true, aliases: ['sku', 'productsku', 'product'] },
    { key: 'serial', label: 'serial', required: true, aliases: ['serial', 'serialnumber', 'sn'] },
    { key: 'location', label: 'location', required: false, aliases: ['location', 'locationname', 'store'] },
    {
      key: 'conditionNotes',
      label: 'condition notes',
      required: false,
      aliases: ['conditionnotes', 'condition', 'notes'],
    },
  ],
};

type Row = { line: number; get: (key: string) => string };

interface Checked<T> {
  rowCount: number;
  columns: string[];
  sample: ImportPreview['sample'];
  errors: ImportRowError[];
  plan: T | null;
}

function readFile(kind: ImportKind, text: string): { file: CsvFile; rows: Row[]; errors: ImportRowError[] } {
  let file: CsvFile;
  try {
    file = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError)
      return {
        file: { delimiter: ',', header: [], records: [] },
        rows: [],
        errors: [{ line: e.line, message: e.message }],
      };
    throw e;
  }
  const index = new Map<string, number>();
  const errors: ImportRowError[] = [];
  for (const col of columns[kind]) {
    const at = file.header.findIndex((h) => col.aliases.includes(headerKey(h)));
    if (at >= 0) index.set(col.key, at);
    else if (col.required)
      errors.push({
        line: 1,
        message: `The header row has no "${col.label}" column (found: ${file.header.join(', ') || 'nothing'}).`,
      });
  }
  if (file.records.length === 0 && errors.length === 0)
    errors.push({ line: 1, message: 'The file has a header row but no data rows.' });
  const width = file.header.length;
  const rows: Row[] = [];
  for (const r of file.records) {
    if (r.values.length < width && r.values.length > 1) {
      errors.push({
        line: r.line,
        message: `Line ${r.line}: ${r.values.length} values where the header has ${width}.`,
      });
      continue;
    }
    rows.push({
      line: r.line,
      get: (key) => {
        const i = index.get(key);
        return i === undefined ? '' : (r.values[i] ?? '').trim();
      },
    });
  }
  return { file, rows, errors };
}

const truthy = new Map([
  ['yes', true],
  ['y', true],
  ['true', true],
  ['1', true],
  ['no', false],
  ['n', false],
  ['false', false],
  ['0', false],
]);
function flag(value: string, fallback: boolean): boolean | null {
  if (value === '') return fallback;
  return truthy.get(value.toLowerCase()) ?? null;
}

/**
 * A price in the shop's currency (parseImportedMoney: as the shop's screens read it, or 12.99 / 12,99 whatever the
 * locale), in minor units; else why not.
 */
function price(value: string, format: MoneyFormat): { minor: number } | { problem: string } {
  const minor = parseImportedMoney(value, format);
  if (minor !== null && minor <= MAX_UNIT_PRICE_MINOR) return { minor };
  if (minor !== null)
    return {
      problem: `the price "${value}" is more than the largest price accepted, ${formatMoney(MAX_UNIT_PRICE_MINOR, format)}`,
    };
  const digits = currencyDigits(format.currency);
  const like =
    digits === 0
      ? `1250 (${format.currency} amounts have no decimals)`
      : `12.${'9'.repeat(digits)} (${format.currency} amounts have at most ${digits} decimals)`;
  return { problem: `the price "${value}" is not an amount like ${like}` };
}

interface ProductPlanRow {
  line: number;
  sku: string;
  name: string;
  barcode: string | null;
  priceMinor: number;
  taxable: boolean;
  serialized: boolean;
  maintainStock: boolean;
}

async function checkProducts(ctx: ReadCtx, text: string): Promise<Checked<ProductPlanRow[]>> {
  const { file, rows, errors } = readFile('products', text);
  // Read from the store the job runs on (its worker's own connection too): prices are in the shop's minor units.
  const money = moneyFormat(await shopCurrency(ctx), await shopLocale(ctx));
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
    else if (!isPlainText(sku)) problems.push('the SKU holds a control character');
    else if (skus.has(foldCase(sku))) problems.push(`SKU ${sku} is also on line ${skus.get(foldCase(sku))}`);
    if (!name) problems.push('the name is empty');
    else if (name.length > 200) problems.push('the name is longer than 200 characters');
    else if (!isPlainText(name)) problems.push('the name holds a control character');
    if (barcode && (barcode.length > 64 || !isPlainText(barcode)))
      problems.push('the barcode is longer than 64 characters or holds a control character');
    const read = price(row.get('price'), money);
    const priceMinor = 'minor' in read ? read.minor : null;
    if ('problem' in read) problems.push(read.problem);
    if (barcode && barcodes.has(barcode)) problems.push(`barcode ${barcode} is also on line ${barcodes.get(barcode)}`);
    if (barcode && /^\d{8}$|^\d{12,14}$/.test(barcode) && !gtinCheckDigitValid(barcode))
      problems.push(`barcode ${barcode} has a wrong check digit`);
    const taxable = flag(row.get('taxable'), true);
    const serialized = flag(row.get('serialized'), false);
    const maintainStock = flag(row.get('maintainStock'), true);
    for (const [label, value] of [
      ['taxable', taxable],
      ['serialized', serialized],
      ['maintain stock', maintainStock],
    ] as const) {
      if (value === null) problems.push(`${label} must be yes or no`);
    }
    if (sku) skus.set(foldCase(sku), skus.get(foldCase(sku)) ?? row.line);
    if (barcode) barcodes.set(barcode, barcodes.get(barcode) ?? row.line);
    if (problems.length > 0) errors.push({ line: row.line, message: `Line ${row.line}: ${problems.join('; ')}.` });
    else
      plan.push({
        line: row.line,
        sku,
        name,
        barcode,
        priceMinor: priceMinor!,
        taxable: taxable!,
        serialized: serialized!,
        maintainStock: serialized! || maintainStock!,
      });
  }
  errors.push(...(await productClashes(ctx, plan)));
  return finish(file, rows.length, errors, plan);
}

/**
 * A SKU or location name as the stores compare them: ASCII letters folded to lower case, as SQLite's NOCASE and
 * PostgreSQL's lower() on a COLLATE "C" column do (a JavaScript toLowerCase() would also fold Ä to ä, which the stores
 * keep apart: two products Äx and äx would then look like one).
 */
function foldCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/** Rows whose SKU or barcode a product in the store already has: checked before the apply, and again inside it. */
async function productClashes({ db }: ReadCtx, plan: readonly ProductPlanRow[]): Promise<ImportRowError[]> {
  const errors: ImportRowError[] = [];
  for (const part of chunks(plan, 400)) {
    // SKUs are unique ignoring case (ASCII, as SQLite's NOCASE): SQLite's sku column is COLLATE NOCASE, so a plain IN
    // uses its index; PostgreSQL's unique index is on lower(sku), compared with the file's SKUs folded the same way.
    const skus = part.map((p) => p.sku);
    const found = await db
      .selectFrom('products')
      .select(['sku', 'barcode'])
      .where((eb) =>
        eb.or([
          isPostgres(db) ? eb(sql<string>`lower(sku)`, 'in', skus.map(foldCase)) : eb('sku', 'in', skus),
          eb(
            'barcode',
            'in',
            part.flatMap((p) => (p.barcode ? [p.barcode] : [''])),
          ),
        ]),
      )
      .execute();
    for (const f of found) {
      const hit = part.find((p) => foldCase(p.sku) === foldCase(f.sku));
      if (hit)
        errors.push({ line: hit.line, message: `Line ${hit.line}: a product with SKU ${hit.sku} already exists.` });
      const byCode = f.barcode ? part.find((p) => p.barcode === f.barcode && p !== hit) : undefined;
      if (byCode)
        errors.push({
          line: byCode.line,
          message: `Line ${byCode.line}: another product (${f.sku}) already has barcode ${byCode.barcode}.`,
        });
    }
  }
  return errors;
}

interface SerialPlan {
  /** location → product → its units, in file order: one goods receipt per location. */
  byLocation: Map<number, Map<number, ReceiveSerial[]>>;
  count: number;
  /** product → serial key → the file line and text, to name the line of a unit the store has meanwhile. */
  lines: Map<number, Map<string, { line: number; serial: string }>>;
}

async function checkSerials(ctx: ReadCtx, text: string): Promise<Checked<SerialPlan>> {
  const { db } = ctx;
  const { file, rows, errors } = readFile('serials', text);
  const products = await db.selectFrom('products').select(['id', 'sku', 'name', 'serialized']).execute();
  const bySku = new Map(products.map((p) => [foldCase(p.sku), p]));
  const locations = await db.selectFrom('locations').select(['id', 'name', 'is_default']).execute();
  const byName = new Map(locations.map((l) => [foldCase(l.name), l]));
  const fallback = locations.find((l) => l.is_default === 1) ?? locations[0];
  const plan: SerialPlan = { byLocation: new Map(), count: 0, lines: new Map() };
  for (const row of rows) {
    const sku = row.get('sku');
    const serial = normalizeSerial(row.get('serial'));
    const place = row.get('location');
    const problems: string[] = [];
    const product = bySku.get(foldCase(sku));
    if (!sku) problems.push('the product SKU is empty');
    else if (!product) problems.push(`no product has SKU ${sku}`);
    else if (product.serialized !== 1) problems.push(`${product.name} (${product.sku}) is not serial-tracked`);
    const location = place ? byName.get(foldCase(place)) : fallback;
    if (!location) problems.push(place ? `no location is named ${place}` : 'the store has no location');
    const notes = row.get('conditionNotes');
    if (notes.length > 500) problems.push('the condition notes are longer than 500 characters');
    else if (!isNotesText(notes)) problems.push('the condition notes hold a control character');
    if (!serial) problems.push('the serial is empty');
    else if (serial.length > MAX_SERIAL_LENGTH)
      problems.push(`the serial is longer than ${MAX_SERIAL_LENGTH} characters`);
    else if (product) {
      // One unit however it is typed: DL-1 and dl-1 (or with a zero-width space) are one serial.
      const mine = plan.lines.get(product.id) ?? new Map<string, { line: number; serial: string }>();
      plan.lines.set(product.id, mine);
      const key = serialKey(serial);
      const first = mine.get(key);
      if (first !== undefined)
        problems.push(
          `${visibleSerial(serial)} is also on line ${first.line}${first.serial === serial ? '' : ` (as ${visibleSerial(first.serial)})`}`,
        );
      else mine.set(key, { line: row.line, serial });
    }
    if (problems.length > 0) {
      errors.push({ line: row.line, message: `Line ${row.line}: ${problems.join('; ')}.` });
      continue;
    }
    const perProduct = plan.byLocation.get(location!.id) ?? new Map<number, ReceiveSerial[]>();
    plan.byLocation.set(location!.id, perProduct);
    const list = perProduct.get(product!.id) ?? [];
    perProduct.set(product!.id, list);
    list.push({ serial, conditionNotes: row.get('conditionNotes') });
    plan.count++;
  }
  for (const [productId, serials] of plan.lines) {
    const name = products.find((p) => p.id === productId)?.name ?? '';
    for (const { text: serial, stored } of await findExistingSerials(
      ctx,
      productId,
      [...serials.values()].map((s) => s.serial),
    )) {
      const line = serials.get(serialKey(serial))?.line ?? 0;
      errors.push({
        line,
        message: `Line ${line}: ${visibleSerial(serial)} already exists for ${name}${stored === serial ? '' : ` (as ${visibleSerial(stored)})`}.`,
      });
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

const check = (ctx: ReadCtx, kind: ImportKind, text: string) =>
  kind === 'products' ? checkProducts(ctx, text) : checkSerials(ctx, text);

export async function previewImport(ctx: ReadCtx, kind: ImportKind, text: string): Promise<ImportPreview> {
  const c = await check(ctx, kind, text);
  return {
    kind,
    columns: c.columns,
    sample: c.sample,
    rowCount: c.rowCount,
    errors: c.errors.slice(0, MAX_LISTED_ERRORS),
    moreErrors: Math.max(0, c.errors.length - MAX_LISTED_ERRORS),
  };
}

const rowErrors = (errors: readonly ImportRowError[], why = '') =>
  new AppError(
    'invalid_input',
    `Nothing was imported: ${errors.length} row error${errors.length === 1 ? '' : 's'}${why}.`,
    { errors: errors.slice(0, MAX_LISTED_ERRORS) },
  );

/** Reports progress; throwing from it (a cancel) rolls the whole import back. */
export type Progress = (done: number) => Promise<void>;

export type ImportResult = NonNullable<ImportJob['result']>;

/**
 * Writes checked products, inside the caller's transaction; a SKU or barcode that arrived since the check refuses it
 * all.
 */
async function applyProducts(
  ctx: WriteCtx,
  plan: readonly ProductPlanRow[],
  progress: Progress,
): Promise<ImportResult> {
  const clashes = await productClashes(ctx, plan);
  if (clashes.length > 0)
    throw rowErrors(
      clashes.sort((a, b) => a.line - b.line),
      ' (the store changed while the file was checked)',
    );
  let done = 0;
  for (const part of chunks(plan, 500)) {
    await ctx.db
      .insertInto('products')
      .values(
        part.map((p) => ({
          sku: p.sku,
          barcode: p.barcode,
          name: p.name,
          price_minor: p.priceMinor,
          taxable: p.taxable ? 1 : 0,
          serialized: p.serialized ? 1 : 0,
          maintain_stock: p.maintainStock ? 1 : 0,
        })),
      )
      .execute();
    done += part.length;
    await progress(done);
  }
  return { created: done, receipts: [] };
}

/**
 * Receives checked serials, one goods receipt per location, inside the caller's transaction.
 * receiveGoods checks them again against the store: a unit received since the check (by a
 * counter, or another window) refuses the whole import, named by its line in the file.
 */
async function applySerials(
  ctx: WriteCtx,
  plan: SerialPlan,
  fileName: string,
  progress: Progress,
): Promise<ImportResult> {
  const receipts: string[] = [];
  let done = 0;
  for (const [locationId, perProduct] of plan.byLocation) {
    const lines = [...perProduct].map(([productId, serials]) => ({ productId, qty: serials.length, serials }));
    try {
      const receipt = await receiveGoods(ctx, {
        locationId,
        source: 'import',
        reference: fileName,
        lines,
        onProgress: async (n) => progress(done + n),
      });
      done += receipt.serialIds.length;
      receipts.push(receipt.number);
    } catch (error) {
      throw changedMeanwhile(
        error,
        plan,
        lines.map((l) => l.productId),
      );
    }
  }
  return { created: done, receipts };
}

/**
 * A receipt refused inside the apply: the store changed after the check. Its serials' refusals become row errors with
 * the file's lines.
 */
function changedMeanwhile(error: unknown, plan: SerialPlan, productIds: readonly number[]): unknown {
  if (!(error instanceof AppError) || error.code !== 'receipt_invalid') return error;
  const details = error.details as { lineErrors?: string[]; problems?: ReceiptProblem[] } | undefined;
  const problems = details?.problems ?? [];
  if ((details?.lineErrors?.length ?? 0) > 0 || problems.length === 0) {
    return new AppError(
      'conflict',
      `Nothing was imported: the store changed while the file was checked. ${error.message}`,
      error.details,
    );
  }
  const errors = problems.map((p) => {
    const line = plan.lines.get(productIds[p.line - 1] ?? -1)?.get(serialKey(p.serial))?.line ?? 0;
    return { line, message: `Line ${line}: ${p.message}` };
  });
  return rowErrors(
    errors.sort((a, b) => a.line - b.line),
    ' (units received while the file was checked)',
  );
}

/**
 * The import itself, checks and writes, inside the caller's transaction. Refuses (writing nothing) when any row has an
 * error.
 */
export async function runImport(
  ctx: WriteCtx,
  kind: ImportKind,
  text: string,
  fileName: string,
  progress: Progress = async () => {},
): Promise<ImportResult> {
  if (kind === 'products') {
    const c = await checkProducts(ctx, text);
    if (!c.plan) throw rowErrors(c.errors);
    return applyProducts(ctx, c.plan, progress);
  }
  const c = await checkSerials(ctx, text);
  if (!c.plan) throw rowErrors(c.errors);
  return applySerials(ctx, c.plan, fileName, progress);
}

// ---------------------------------------------------------------------------------------------
// The import job: the stages, run in the worker (or in-process for an in-memory store), and the
// registry the main process keeps.

export interface ImportTask {
  kind: ImportKind;
  text: string;
  fileName: string;
}

/**
 * What the stages tell the job as they go: checking, checked (every row is fine; next the apply
 * waits for the write lock), writing. `total` comes once the file is read (rows, not lines).
 */
export type ImportStage = 'checking' | 'checked' | 'writing';
export type ImportReport = (stage: ImportStage, done: number, total?: number) => void;

export type ImportOutcome = { ok: true; result: ImportResult } | { ok: false; error: AppErrorValue };

const cancelledError = () => new AppError('cancelled', 'The import was cancelled; nothing was written.');

/**
 * The import as a job runs it: read and check every row without the write lock (plain reads:
 * the counter goes on saving), then one write transaction that re-checks what may have changed
 * meanwhile and writes. `cancelled` is asked between stages and on every progress step; a failure
 * or a cancel writes nothing. `pause` lets the caller's event loop in (in-process runs only).
 */
export async function runImportJob(
  ctx: ReadCtx,
  task: ImportTask,
  hooks: { report: ImportReport; cancelled: () => boolean; pause?: () => Promise<void> },
): Promise<ImportOutcome> {
  const { report, cancelled, pause = async () => {} } = hooks;
  const step = async () => {
    await pause();
    if (cancelled()) throw cancelledError();
  };
  /** Checks without the lock, then applies the plan in one write transaction, reporting as it goes. */
  const checkThenApply = async <P>(
    check: Promise<Checked<P>>,
    apply: (trx: WriteCtx, plan: P, progress: Progress) => Promise<ImportResult>,
  ): Promise<ImportResult> => {
    const c = await check;
    if (!c.plan) throw rowErrors(c.errors);
    report('checked', 0, c.rowCount);
    await step();
    const plan = c.plan;
    return inWriteTransaction(ctx, (trx) => {
      report('writing', 0);
      return apply(trx, plan, async (n) => {
        report('writing', n);
        await step();
      });
    });
  };
  try {
    report('checking', 0);
    await step();
    const result =
      task.kind === 'products'
        ? await checkThenApply(checkProducts(ctx, task.text), applyProducts)
        : await checkThenApply(checkSerials(ctx, task.text), (trx, plan, progress) =>
            applySerials(trx, plan, task.fileName, progress),
          );
    return { ok: true, result };
  } catch (e) {
    return { ok: false, error: importFailure(e) };
  }
}

/** Any failure of an import as an error value (it crosses from the worker as one). */
export function importFailure(e: unknown): AppErrorValue {
  if (e instanceof AppError) return e.toValue();
  const failure = classifyDbError(e);
  if (failure === 'disk_full') return { code: 'disk_full', message: 'The disk is full: nothing was imported.' };
  if (failure === 'unreachable')
    return { code: 'unreachable', message: 'The shop server could not be reached: nothing was imported. Try again.' };
  if (failure === 'busy' || failure === 'retry')
    return {
      code: 'conflict',
      message: 'The data file stayed busy in another window or program for a minute: nothing was imported. Try again.',
    };
  return { code: 'internal', message: `The import failed and wrote nothing: ${(e as Error)?.message ?? String(e)}` };
}

/** What the main process hands the worker (importWorker.ts). */
export interface ImportWorkerData {
  file: string;
  task: ImportTask;
  actor: string;
  /** The caller's clock at the start, against the wall clock then: the worker's clock runs on from it. */
  clock: { at: number; wall: number };
  /** Int32 slot 0 set to 1 asks the worker to cancel: read on every progress step, with no message to wait for. */
  cancel: SharedArrayBuffer;
  /** Only check the file and answer its preview (writes nothing). */
  preview?: boolean;
}

export type PreviewOutcome = { ok: true; preview: ImportPreview } | { ok: false; error: AppErrorValue };

export type ImportWorkerMessage =
  | { type: 'progress'; stage: ImportStage; done: number; total?: number }
  | { type: 'finished'; outcome: ImportOutcome }
  | { type: 'preview'; outcome: PreviewOutcome };

/**
 * The preview the import screen shows when a file is picked. Checking 100,000 rows takes a few
 * hundred milliseconds, so for a file store it runs in the import worker too (plain reads, no
 * lock); only an in-memory store checks on the caller's thread.
 */
export async function previewImportJob(ctx: ReadCtx, kind: ImportKind, text: string): Promise<ImportPreview> {
  const file = await storeFile(ctx);
  if (!file) return previewImport(ctx, kind, text);
  const data: ImportWorkerData = {
    file,
    task: { kind, text, fileName: '' },
    actor: ctx.actor,
    clock: { at: ctx.now().getTime(), wall: Date.now() },
    cancel: new SharedArrayBuffer(4),
    preview: true,
  };
  const outcome = await new Promise<PreviewOutcome>((resolve) => {
    const worker = new Worker(importWorkerFile(), { workerData: data, name: 'import-preview' });
    worker.on('message', (m: ImportWorkerMessage) => {
      if (m.type === 'preview') resolve(m.outcome);
    });
    worker.on('error', (error) => resolve({ ok: false, error: importFailure(error) }));
    worker.on('exit', (code) =>
      resolve({
        ok: false,
        error: { code: 'internal', message: `The file check stopped unexpectedly (exit code ${code}).` },
      }),
    );
  });
  if (!outcome.ok) throw new AppError(outcome.error.code, outcome.error.message, outcome.error.details);
  return outcome.preview;
}

/**
 * The worker's script: beside this module when run from source (Node strips the types), and
 * beside the main bundle as importWorker.cjs in the built app (scripts/build.ts).
 */
export function importWorkerFile(dir: string = import.meta.dirname): string {
  const bundled = path.join(dir, 'importWorker.cjs');
  return fs.existsSync(bundled) ? bundled : path.join(dir, 'importWorker.ts');
}

/** The store's file or shop server URL, or '' for an in-memory store (which another thread cannot open). */
async function storeFile({ db }: ReadCtx): Promise<string> {
  const url = postgresUrlOf(db);
  if (url !== undefined || isPostgres(db)) return url ?? '';
  const { rows } = await sql<{ file: string }>`SELECT file FROM pragma_database_list WHERE name = 'main'`.execute(db);
  return rows[0]?.file ?? '';
}

/** Data rows, roughly (blank lines skipped; a quoted line break counts twice until the worker has read the file). */
function countRows(text: string): number {
  let rows = 0;
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    for (let i = at; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 13) {
        rows++;
        break;
      }
    }
    at = end + 1;
  }
  return Math.max(0, rows - 1);
}

// Running imports, by id, answered from memory (an import's own thread never holds up a progress poll).
interface Running {
  job: ImportJob;
  cancel: () => void;
}
const jobs = new Map<string, Running>();

export async function startImport(ctx: ReadCtx, kind: ImportKind, text: string, fileName: string): Promise<ImportJob> {
  const file = await storeFile(ctx);
  const id = randomUUID();
  const running: Running = {
    cancel: () => {},
    job: {
      id,
      kind,
      state: 'running',
      phase: 'checking',
      done: 0,
      total: countRows(text),
      message: 'Checking rows…',
      errors: [],
      result: null,
    },
  };
  jobs.set(id, running);
  for (const old of [...jobs.keys()].slice(0, Math.max(0, jobs.size - 20)))
    if (jobs.get(old)?.job.state !== 'running') jobs.delete(old);

  const report: ImportReport = (stage, done, total = running.job.total) => {
    if (running.job.state !== 'running') return;
    const rows = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;
    const message =
      stage === 'checking'
        ? 'Checking rows…'
        : stage === 'checked'
          ? `Checked ${rows(total)}; writing…`
          : `Writing ${done.toLocaleString('en-US')} of ${rows(total)}…`;
    running.job = { ...running.job, phase: stage === 'writing' ? 'writing' : 'checking', done, total, message };
  };
  const settle = (outcome: ImportOutcome) => {
    if (running.job.state !== 'running') return;
    if (outcome.ok) {
      const { result } = outcome;
      const what = kind === 'products' ? 'product' : 'serial';
      running.job = {
        ...running.job,
        state: 'done',
        phase: 'finished',
        done: result.created,
        result,
        message: `Imported ${result.created.toLocaleString('en-US')} ${what}${result.created === 1 ? '' : 's'}${result.receipts.length ? ` on ${result.receipts.join(', ')}` : ''}.`,
      };
    } else {
      const details = outcome.error.details as { errors?: ImportRowError[] } | undefined;
      running.job = {
        ...running.job,
        state: outcome.error.code === 'cancelled' ? 'cancelled' : 'failed',
        phase: 'finished',
        done: 0,
        message: outcome.error.message,
        errors: details?.errors ?? [],
      };
    }
  };
  const task: ImportTask = { kind, text, fileName };
  if (file)
    inWorker(
      running,
      {
        file,
        task,
        actor: ctx.actor,
        clock: { at: ctx.now().getTime(), wall: Date.now() },
        cancel: new SharedArrayBuffer(4),
      },
      report,
      settle,
    );
  else inProcess(ctx, running, task, report, settle);
  return running.job;
}

function inWorker(
  running: Running,
  data: ImportWorkerData,
  report: ImportReport,
  settle: (o: ImportOutcome) => void,
): void {
  const flag = new Int32Array(data.cancel);
  running.cancel = () => void Atomics.store(flag, 0, 1);
  const worker = new Worker(importWorkerFile(), { workerData: data, name: 'import' });
  worker.on('message', (m: ImportWorkerMessage) => {
    if (m.type === 'progress') report(m.stage, m.done, m.total);
    else if (m.type === 'finished') settle(m.outcome);
  });
  worker.on('error', (error) => settle({ ok: false, error: importFailure(error) }));
  worker.on('exit', (code) =>
    settle({ ok: false, error: { code: 'internal', message: `The import stopped unexpectedly (exit code ${code}).` } }),
  );
}

/** An in-memory store: the same stages on the caller's connection, letting the event loop in every 50 ms. */
function inProcess(
  ctx: ReadCtx,
  running: Running,
  task: ImportTask,
  report: ImportReport,
  settle: (o: ImportOutcome) => void,
): void {
  let cancelled = false;
  running.cancel = () => {
    cancelled = true;
  };
  let lastPause = Date.now();
  const pause = async () => {
    if (Date.now() - lastPause < 50) return;
    await new Promise((resolve) => setImmediate(resolve)); // let progress polls and a cancel in
    lastPause = Date.now();
  };
  void (async () => {
    await new Promise((resolve) => setImmediate(resolve)); // answer the start call first
    settle(await runImportJob(ctx, task, { report, cancelled: () => cancelled, pause }));
  })();
}

export function importProgress(id: string): ImportJob {
  const running = jobs.get(id);
  if (!running) throw new AppError('not_found', 'No such import (it may belong to an earlier run of the app).');
  return running.job;
}

export function cancelImport(id: string): ImportJob {
  const running = jobs.get(id);
  if (!running) throw new AppError('not_found', 'No such import (it may belong to an earlier run of the app).');
  if (running.job.state === 'running') running.cancel();
  return running.job;
}
