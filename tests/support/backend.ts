import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { AppError, type ErrorCode } from '../../core/errors.ts';
import { CompiledQuery } from 'kysely';
import type { Database } from 'better-sqlite3';
import { openAppStore, type AppStore } from '../../db/store.ts';
import type { ReadCtx } from '../../db/services/context.ts';
import type { PosApi } from '../../core/contract.ts';
import type { StaffRef } from '../../core/model.ts';
import { dispatch } from '../../electron/dispatch.ts';
import type { HandlerCtx } from '../../electron/handlers.ts';
import { memorySecrets } from '../../electron/secrets.ts';
import { testPdfRenderer } from './pdf.ts';
import { createClient } from '../../renderer/api/client.ts';
import { FROZEN_NOW } from './frozen.ts';
import { dollarParams, freshPostgresDatabase, onPostgres } from './pg.ts';

export { FROZEN_NOW } from './frozen.ts';
export { onPostgres } from './pg.ts';

/** Who the test backend's calls act as by default: an Admin (every permission), recorded in history as "test". */
export const TEST_ADMIN: StaffRef = { id: 0, name: 'test', role: 'admin' };

export interface Backend {
  store: AppStore;
  ctx: HandlerCtx;
  /** The real contract implementation in-process: the same dispatch IPC and HTTP use. */
  api: PosApi;
  /** Runs SQL directly (with ? placeholders, on either store), for asserting on what was written. */
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  one<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T>;
  /** The demo shop's ids by name (demo stores only). */
  ids: DemoIds;
  close(): Promise<void>;
}

/**
 * A fresh real store with the demo shop unless demo=false: SQLite (in memory unless a file is given), the database a
 * postgres:// `url` names, or, in the PostgreSQL project of the tests, a new database on the tests' server. Calls act
 * as a signed-in Admin named "test" unless `staff` says who (null: nobody signed in, as at the PIN screen).
 */
export async function freshBackend(
  options: { demo?: boolean; file?: string; url?: string; staff?: StaffRef | null } = {},
): Promise<Backend> {
  const demo = options.demo ?? true;
  const database = onPostgres ? await freshPostgresDatabase(demo) : null;
  const location = database?.url ?? options.url ?? options.file ?? ':memory:';
  let store: AppStore;
  try {
    store = await openAppStore(location, { demo, now: () => FROZEN_NOW });
  } catch (error) {
    await database?.drop();
    throw error;
  }
  const ctx: HandlerCtx = {
    db: store.db,
    now: () => FROZEN_NOW,
    actor: 'test',
    host: { name: 'Counter POS', version: 'test', dataFile: store.path, mode: 'test' },
    session: { staff: options.staff === undefined ? TEST_ADMIN : options.staff },
    pdf: testPdfRenderer(),
    secrets: memorySecrets(),
  };
  // JSON round trip on both sides, as across IPC/HTTP: nothing but plain data crosses.
  const api = createClient(async (method, input) =>
    JSON.parse(JSON.stringify(await dispatch(ctx, method, JSON.parse(JSON.stringify(input ?? {}))))),
  );
  const all = async <T>(text: string, ...params: unknown[]): Promise<T[]> => {
    const query = CompiledQuery.raw(store.kind === 'postgres' ? dollarParams(text) : text, params);
    return (await store.db.executeQuery<T>(query)).rows;
  };
  const backend: Backend = {
    store,
    ctx,
    api,
    all,
    one: async <T>(text: string, ...params: unknown[]) => (await all<T>(text, ...params))[0] as T,
    ids: undefined as unknown as DemoIds,
    close: async () => {
      await store.close();
      await database?.drop();
    },
  };
  if (demo) backend.ids = await readDemoIds(backend);
  return backend;
}

/** The SQLite handle of a file or in-memory store, for the tests of what only SQLite has (pragmas, files). */
export function sqliteOf(b: Backend): Database {
  if (b.store.kind !== 'sqlite') throw new Error('this test needs a SQLite store');
  return b.store.sqlite;
}

export function serviceCtx(backend: Backend): ReadCtx {
  return { db: backend.store.db, now: () => FROZEN_NOW, actor: 'test' };
}

export function tempDir(prefix = 'pos-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type DemoIds = Awaited<ReturnType<typeof readDemoIds>>;

/**
 * Each test of the calling file gets a fresh demo store: `use` receives it (and its ids) before
 * the test, and it is closed after.
 */
export function freshDemoPerTest(use: (backend: Backend, ids: DemoIds) => void): void {
  let current: Backend | undefined;
  beforeEach(async () => {
    current = await freshBackend();
    use(current, current.ids);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
}

/** Ids of demo rows by their names, so tests read like the shop floor (read once when the store is made). */
export function demoIds(b: Backend): DemoIds {
  if (!b.ids) throw new Error('demoIds needs a store with the demo shop');
  return b.ids;
}

async function readDemoIds(b: Omit<Backend, 'ids'>) {
  const rows = async (table: string, key: string) =>
    new Map((await b.all<{ id: number; k: string }>(`SELECT id, ${key} AS k FROM ${table}`)).map((r) => [r.k, r.id]));
  const [products, locations, customers, vendors, serials, methods] = await Promise.all([
    rows('products', 'sku'),
    rows('locations', 'name'),
    rows('customers', 'name'),
    rows('vendors', 'name'),
    rows('serials', 'serial'),
    rows('payment_methods', 'kind'),
  ]);
  const id = (map: Map<string, number>, key: string) => {
    const found = map.get(key);
    if (found === undefined) throw new Error(`no demo row ${key}`);
    return found;
  };
  return {
    laptop: id(products, 'LAT-5440'),
    phone: id(products, 'GAL-A55'),
    cable: id(products, 'USBC-2M'),
    support: id(products, 'LAB-ONSITE'),
    main: id(locations, 'Main Store'),
    warehouse: id(locations, 'Warehouse'),
    walkIn: id(customers, 'Walk-in Customer'),
    acme: id(customers, 'Acme Corp'),
    northwind: id(vendors, 'Northwind Distribution'),
    drill: id(products, 'DRL-18V'),
    /** A demo serial's id (the serials as the demo made them). */
    serial: (text: string) => id(serials, text),
    /** The demo's payment method id of a kind (cash, card, store_credit, other). */
    method: (kind: string) => id(methods, kind),
  };
}

/** Row counts of the tables a command writes, to prove a refused command wrote nothing. */
export async function tableCounts(b: Backend): Promise<Record<string, number>> {
  const tables = [
    'goods_receipts',
    'goods_receipt_lines',
    'serials',
    'serial_events',
    'invoices',
    'invoice_lines',
    'invoice_line_serials',
    'stock_levels',
    'counters',
    'products',
    'purchase_orders',
    'purchase_order_lines',
    'serial_aliases',
    'vendors',
    'payments',
    'payment_allocations',
    'refunds',
    'store_credit',
    'stock_moves',
    'transfers',
    'transfer_lines',
    'transfer_units',
    'goods_issues',
    'goods_issue_lines',
    'goods_issue_units',
    'stock_counts',
    'stock_count_scans',
    'adjustments',
    'adjustment_lines',
    'estimates',
    'estimate_lines',
    'tickets',
    'ticket_labour',
    'ticket_charges',
    'contact_fields',
    'customer_contacts',
    'contact_field_values',
    'customer_assets',
    'recurring_templates',
    'recurring_lines',
    'recurring_runs',
  ];
  const n = async (text: string) => (await b.one<{ n: number }>(text)).n;
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = await n(`SELECT count(*) AS n FROM ${t}`);
  counts.counterValues = await n('SELECT coalesce(sum(next), 0) AS n FROM counters');
  counts.onHand = await n('SELECT coalesce(sum(on_hand), 0) AS n FROM stock_levels');
  counts.soldSerials = await n(`SELECT count(*) AS n FROM serials WHERE status = 'sold'`);
  counts.reservedSerials = await n(`SELECT count(*) AS n FROM serials WHERE status = 'reserved'`);
  counts.invoiceRevisions = await n('SELECT coalesce(sum(revision), 0) AS n FROM invoices');
  counts.paidMinor = await n('SELECT coalesce(sum(paid_minor), 0) AS n FROM invoices');
  counts.templateRevisions = await n('SELECT coalesce(sum(revision), 0) AS n FROM recurring_templates');
  return counts;
}

/**
 * Runs a command that must be refused: it rejects with an AppError and writes nothing. It is started only once the
 * counts before it are read (the counts are async: a command already running could be counted as "before").
 */
export async function refusedWithoutWrites(b: Backend, work: () => Promise<unknown>): Promise<AppError> {
  const before = await tableCounts(b);
  const error = await work().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(await tableCounts(b)).toEqual(before);
  return error as AppError;
}

/** A call's answer as it crosses the boundary. */
export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** The value of a call that must succeed (its message otherwise). */
export async function okValue<T>(outcome: Promise<CallOutcome<T>>): Promise<T> {
  const r = await outcome;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** A call refused with nothing written: its code and message. */
export async function refusalOf<T>(
  b: Backend,
  outcome: () => Promise<CallOutcome<T>>,
): Promise<{ code: ErrorCode; message: string }> {
  const error = await refusedWithoutWrites(b, () =>
    outcome().then((r) => {
      if (r.ok) return r;
      throw new AppError(r.error.code, r.error.message);
    }),
  );
  return { code: error.code, message: error.message };
}
