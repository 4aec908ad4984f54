import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { AppError, type ErrorCode } from '../../core/errors.ts';
import type { Store } from '../../db/open.ts';
import { openAppStore } from '../../db/store.ts';
import type { ReadCtx } from '../../db/services/context.ts';
import type { PosApi } from '../../core/contract.ts';
import type { StaffRef } from '../../core/model.ts';
import { dispatch } from '../../electron/dispatch.ts';
import type { HandlerCtx } from '../../electron/handlers.ts';
import { createClient } from '../../renderer/api/client.ts';

export const FROZEN_NOW = new Date('2026-11-21T10:00:00.000Z');

/** Who the test backend's calls act as by default: an Admin (every permission), recorded in history as "test". */
export const TEST_ADMIN: StaffRef = { id: 0, name: 'test', role: 'admin' };

export interface Backend {
  store: Store;
  ctx: HandlerCtx;
  /** The real contract implementation in-process: the same dispatch IPC and HTTP use. */
  api: PosApi;
  /** Runs SQL directly, for asserting on what was written. */
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
  one<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T;
  close(): Promise<void>;
}

/**
 * A fresh real SQLite store (in memory unless a file is given), with the demo shop unless demo=false. Calls act as a
 * signed-in Admin named "test" unless `staff` says who (null: nobody signed in, as at the PIN screen).
 */
export async function freshBackend(
  options: { demo?: boolean; file?: string; staff?: StaffRef | null } = {},
): Promise<Backend> {
  const file = options.file ?? ':memory:';
  const store = await openAppStore(file, { demo: options.demo ?? true, now: () => FROZEN_NOW });
  const ctx: HandlerCtx = {
    db: store.db,
    now: () => FROZEN_NOW,
    actor: 'test',
    host: { name: 'Counter POS', version: 'test', dataFile: file, mode: 'test' },
    session: { staff: options.staff === undefined ? TEST_ADMIN : options.staff },
  };
  // JSON round trip on both sides, as across IPC/HTTP: nothing but plain data crosses.
  const api = createClient(async (method, input) =>
    JSON.parse(JSON.stringify(await dispatch(ctx, method, JSON.parse(JSON.stringify(input ?? {}))))),
  );
  return {
    store,
    ctx,
    api,
    all: (sql, ...params) => store.sqlite.prepare(sql).all(...params) as never,
    one: (sql, ...params) => store.sqlite.prepare(sql).get(...params) as never,
    close: () => store.close(),
  };
}

export function serviceCtx(backend: Backend): ReadCtx {
  return { db: backend.store.db, now: () => FROZEN_NOW, actor: 'test' };
}

export function tempDir(prefix = 'pos-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type DemoIds = ReturnType<typeof demoIds>;

/**
 * Each test of the calling file gets a fresh demo store: `use` receives it (and its ids) before
 * the test, and it is closed after.
 */
export function freshDemoPerTest(use: (backend: Backend, ids: DemoIds) => void): void {
  let current: Backend | undefined;
  beforeEach(async () => {
    current = await freshBackend();
    use(current, demoIds(current));
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
}

/** Ids of demo rows by their names, so tests read like the shop floor. */
export function demoIds(b: Backend) {
  const product = (sku: string) => b.one<{ id: number }>('SELECT id FROM products WHERE sku = ?', sku).id;
  const location = (name: string) => b.one<{ id: number }>('SELECT id FROM locations WHERE name = ?', name).id;
  const customer = (name: string) => b.one<{ id: number }>('SELECT id FROM customers WHERE name = ?', name).id;
  const serial = (text: string) => b.one<{ id: number }>('SELECT id FROM serials WHERE serial = ?', text).id;
  return {
    laptop: product('LAT-5440'),
    phone: product('GAL-A55'),
    cable: product('USBC-2M'),
    support: product('LAB-ONSITE'),
    main: location('Main Store'),
    warehouse: location('Warehouse'),
    walkIn: customer('Walk-in Customer'),
    acme: customer('Acme Corp'),
    northwind: b.one<{ id: number }>(`SELECT id FROM vendors WHERE name = 'Northwind Distribution'`).id,
    drill: product('DRL-18V'),
    serial,
  };
}

/** Row counts of the tables a command writes, to prove a refused command wrote nothing. */
export function tableCounts(b: Backend): Record<string, number> {
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
  ];
  const counts = Object.fromEntries(tables.map((t) => [t, b.one<{ n: number }>(`SELECT count(*) AS n FROM ${t}`).n]));
  counts.counterValues = b.one<{ n: number }>('SELECT coalesce(sum(next), 0) AS n FROM counters').n;
  counts.onHand = b.one<{ n: number }>('SELECT coalesce(sum(on_hand), 0) AS n FROM stock_levels').n;
  counts.soldSerials = b.one<{ n: number }>(`SELECT count(*) AS n FROM serials WHERE status = 'sold'`).n;
  counts.reservedSerials = b.one<{ n: number }>(`SELECT count(*) AS n FROM serials WHERE status = 'reserved'`).n;
  counts.invoiceRevisions = b.one<{ n: number }>('SELECT coalesce(sum(revision), 0) AS n FROM invoices').n;
  counts.paidMinor = b.one<{ n: number }>('SELECT coalesce(sum(paid_minor), 0) AS n FROM invoices').n;
  return counts;
}

/** Awaits a command that must be refused: it rejects with an AppError and writes nothing. */
export async function refusedWithoutWrites(b: Backend, work: Promise<unknown>): Promise<AppError> {
  const before = tableCounts(b);
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(tableCounts(b)).toEqual(before);
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
  outcome: Promise<CallOutcome<T>>,
): Promise<{ code: ErrorCode; message: string }> {
  const error = await refusedWithoutWrites(
    b,
    outcome.then((r) => {
      if (r.ok) return r;
      throw new AppError(r.error.code, r.error.message);
    }),
  );
  return { code: error.code, message: error.message };
}
