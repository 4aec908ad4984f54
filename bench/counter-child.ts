// One counter of the "N counters at once" measure (bench/counters.ts starts N of these with child_process.fork): its
// own store connection (openAppStore, as the app opens it), its own register and till, and a loop of 5-line
// serialized sales until the time is up. Each sale: 5 SN: scans (lookupSerial, the call the Sell screen makes for a
// scan), then completeSale (the Sell screen's Pay: the invoice, Paid, with a cash tender), all through dispatch.
// Units come from this counter's own slice, plus one unit that every counter tries in the same time slot: those
// collide on purpose, and exactly one counter may sell each.
import type { SerialMatch } from '../core/model.ts';
import { openAppStore } from '../db/store.ts';
import { dispatch } from '../electron/dispatch.ts';
import type { HandlerCtx } from '../electron/handlers.ts';

export interface Unit {
  id: number;
  serial: string;
  productId: number;
}
export interface CounterJob {
  location: string;
  register: string;
  customerId: number;
  cashMethodId: number;
  /** Per location id: this counter's own units, and the units every counter tries (the same list in each). */
  own: Record<number, Unit[]>;
  shared: Record<number, Unit[]>;
  /** How long one shared unit is every counter's target, in ms. */
  slotMs: number;
}
export interface CounterReport {
  register: string;
  sales: number;
  /** completeSale refused because another counter had just sold a unit (a race lost). */
  refusals: number;
  /** Scans whose lookup already showed a shared unit sold (the other counter was quicker: no race at the save). */
  seenSold: number;
  /** Other failures (should be none): their messages. */
  errors: string[];
  saveMs: number[];
  scanMs: number[];
  /** The units this counter sold, by id. */
  sold: number[];
  ranOut: boolean;
}

type Message = { go: number; until: number };

const send = (m: unknown) => process.send!(m);
const job = await new Promise<CounterJob>((resolve) => process.once('message', (m) => resolve(m as CounterJob)));
const store = await openAppStore(job.location, { demo: false, backupEveryMs: false, poolSize: 2 });
const ctx: HandlerCtx = {
  db: store.db,
  now: () => new Date(),
  actor: `bench ${job.register}`,
  host: { name: 'Counter POS', version: 'bench', dataFile: store.path, mode: 'test', register: job.register },
};
const report: CounterReport = {
  register: job.register,
  sales: 0,
  refusals: 0,
  seenSold: 0,
  errors: [],
  saveMs: [],
  scanMs: [],
  sold: [],
  ranOut: false,
};
const price = (p: number) => (10 + (p % 990)) * 100;

const till = await dispatch(ctx, 'currentTill', {});
if (till.ok && till.value === null) {
  const opened = await dispatch(ctx, 'openTill', { floatMinor: 10_000 });
  if (!opened.ok) throw new Error(`openTill: ${opened.error.message}`);
}
// One untimed scan, so the statements are compiled (and on PostgreSQL prepared on a connection) before the start.
const anyUnit = Object.values(job.own).flat()[0];
if (anyUnit) await dispatch(ctx, 'lookupSerial', { serial: anyUnit.serial });

send({ ready: true });
const { go, until } = await new Promise<Message>((resolve) => process.once('message', (m) => resolve(m as Message)));
await new Promise((resolve) => setTimeout(resolve, Math.max(0, go - Date.now())));

const locations = Object.keys(job.own).map(Number);
const triedShared = new Set<number>();
let turn = 0;
while (Date.now() < until) {
  const locationId = locations[turn++ % locations.length]!;
  const own = job.own[locationId]!;
  const shared = job.shared[locationId] ?? [];
  // This slot's shared unit, once per counter.
  const slot = Math.floor((Date.now() - go) / job.slotMs);
  const contested = shared[slot % Math.max(1, shared.length)];
  const useShared = contested !== undefined && slot < shared.length && !triedShared.has(contested.id);
  if (own.length < (useShared ? 4 : 5)) {
    report.ranOut = true;
    break;
  }
  const units: Unit[] = [];
  for (let i = 0; i < (useShared ? 4 : 5); i++) units.push(own.pop()!);
  if (useShared) {
    triedShared.add(contested.id);
    units.push(contested);
  }
  // The 5 scans, as the Sell screen makes them; a unit the scan shows sold is refused at the counter, not added.
  const lines: Unit[] = [];
  for (const u of units) {
    const t = performance.now();
    const found = await dispatch(ctx, 'lookupSerial', { serial: u.serial });
    report.scanMs.push(performance.now() - t);
    if (!found.ok) {
      report.errors.push(`lookupSerial: ${found.error.message}`);
      continue;
    }
    const match = (found.value as SerialMatch[]).find((m) => m.serialId === u.id);
    if (match?.status === 'in_stock') lines.push(u);
    else if (u === contested) report.seenSold++;
    else report.errors.push(`own unit ${u.serial} is ${match?.status ?? 'not found'}`);
  }
  if (lines.length === 0) continue;
  const total = lines.reduce((sum, u) => sum + price(u.productId), 0);
  const t = performance.now();
  const outcome = await dispatch(ctx, 'completeSale', {
    sale: {
      customerId: job.customerId,
      locationId,
      invoiceDate: '2026-11-21',
      notes: '',
      lines: lines.map((u) => ({
        productId: u.productId,
        description: `Product ${u.productId}`,
        qty: 1000,
        unitPriceMinor: price(u.productId),
        taxable: true,
        serialIds: [u.id],
      })),
      discount: null,
    },
    // Cash above the amount due (tax on top of the prices) comes back as change.
    tenders: [{ methodId: job.cashMethodId, amountMinor: total * 2, reference: '' }],
  });
  const ms = performance.now() - t;
  if (outcome.ok) {
    report.sales++;
    report.saveMs.push(ms);
    report.sold.push(...lines.map((u) => u.id));
  } else if (outcome.error.code === 'serial_unavailable' && contested !== undefined && lines.includes(contested)) {
    // Lost the race for the shared unit: the cashier takes it off the sale; this counter's own units go back.
    report.refusals++;
    for (const u of lines) if (u !== contested) own.push(u);
  } else {
    report.errors.push(`completeSale: ${outcome.error.code}: ${outcome.error.message}`);
  }
}
await new Promise((resolve) => process.send!({ report }, resolve));
await store.close();
process.disconnect();
