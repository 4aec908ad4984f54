// One counter (a till register with its own connection pool) on the shop server, as a process of its own, for the race
// and crash tests in tests/postgres/. Run with node (which strips the types):
//   node tests/postgres/counter-child.ts <postgres-url> <register>
// It opens the store as the app does (openAppStore), opens its register's till, warms up, says {"ready":true}, then
// reads one JSON command per line on stdin and works through dispatch (the entry IPC and the web host use), printing
// one JSON line per outcome. A line is printed only after dispatch answered: an "ok" line is an acknowledged save.
//
//   {"op":"sell","attempts":[[serialId…]…],"products":{serialId:productId},"locationId","customerId","cashId"}
//        a counter sale (completeSale, paid in cash) per attempt, in order; then {"done":"sell","lostRaces"}
//   {"op":"load","id"}                       reads an invoice (getInvoice): {"loaded":id,"revision"}
//   {"op":"edit","cableQty","notes"}         saves the loaded invoice from its loaded revision with the cable line's
//                                            quantity and the notes changed: {"edit":true,"ok",…}
//   {"op":"po","id","action":"receive"|"cancel","lines":[…]}   receives a purchase order's lines, or cancels it
//   {"op":"saves","pool":[serialId…],"productId","cable","locationId","customerId","cashId","pauseMs"?}
//        counter sales until killed: a unit from the pool (while any is left) and two cables each, back to back or
//        pauseMs apart; {"saving":true} as each starts
//   {"op":"close"}                           closes the store and exits
import readline from 'node:readline';
import pg from 'pg';
import { openAppStore } from '../../db/store.ts';
import { dispatch } from '../../electron/dispatch.ts';
import type { HandlerCtx } from '../../electron/handlers.ts';

const [url, register] = process.argv.slice(2);
if (!url || !register) {
  console.error('usage: node tests/postgres/counter-child.ts POSTGRES_URL REGISTER');
  process.exit(2);
}
const say = (line: object) => process.stdout.write(`${JSON.stringify({ ...line, at: Date.now() })}\n`);

// Races this counter lost (the server's serialization failure or deadlock, after which the command runs again): counted
// where the driver answers, so the tests can tell the retry path really ran.
let lostRaces = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const result = query.apply(this, args);
  if (result instanceof Promise)
    result.catch((error: { code?: string }) => {
      if (error?.code === '40001' || error?.code === '40P01') lostRaces++;
    });
  return result;
} as never;

const store = await openAppStore(url, { demo: false });
const ctx: HandlerCtx = {
  db: store.db,
  now: () => new Date(),
  actor: `${register}-${process.pid}`,
  host: { name: 'Counter POS', version: 'test', dataFile: store.path, mode: 'test', register },
};
const call = (method: string, input: unknown) => dispatch(ctx, method, input);

// This register's till (a counter sale needs one), and a warm-up (first queries, compiled code, a few connections in
// the pool) before the start, so the counters really run at once.
const till = await call('currentTill', {});
if (till.ok && till.value === null) {
  const opened = await call('openTill', { floatMinor: 10_000 });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
}
await Promise.all([call('appInfo', {}), call('listInvoices', {}), call('listPaymentMethods', {})]);
say({ ready: true, pid: process.pid });

interface Line {
  id?: number;
  productId: number | null;
  description: string;
  qty: number;
  unitPriceMinor: number;
  taxable: boolean;
  serialIds: number[];
}
interface LoadedInvoice {
  id: number;
  revision: number;
  customerId: number;
  locationId: number;
  invoiceDate: string;
  notes: string;
  lines: Array<Omit<Line, 'serialIds'> & { id: number; serials: Array<{ id: number }> }>;
}
let loaded: LoadedInvoice | null = null;

/** Quantities are thousandths (1000 is one unit); cash above the amount due comes back as change. */
async function counterSale(args: { lines: Line[]; locationId: number; customerId: number; cashId: number }) {
  const started = Date.now();
  const outcome = await call('completeSale', {
    sale: { customerId: args.customerId, locationId: args.locationId, invoiceDate: '2000-01-01', lines: args.lines },
    tenders: [{ methodId: args.cashId, amountMinor: 100_000_000 }],
  });
  return { outcome, started };
}

async function run(command: Record<string, unknown>): Promise<boolean> {
  switch (command.op) {
    case 'sell': {
      const { attempts, products, locationId, customerId, cashId } = command as unknown as {
        attempts: number[][];
        products: Record<string, number>;
        locationId: number;
        customerId: number;
        cashId: number;
      };
      for (const [i, serialIds] of attempts.entries()) {
        const lines = serialIds.map((sid) => ({
          productId: products[sid]!,
          description: 'Unit',
          qty: 1000,
          unitPriceMinor: 10_000,
          taxable: true,
          serialIds: [sid],
        }));
        const { outcome, started } = await counterSale({ lines, locationId, customerId, cashId });
        say(
          outcome.ok
            ? {
                attempt: i,
                serialIds,
                ok: true,
                number: (outcome.value as { invoice: { number: string } }).invoice.number,
                started,
              }
            : { attempt: i, serialIds, ok: false, error: outcome.error, started },
        );
      }
      say({ done: 'sell', lostRaces });
      return true;
    }
    case 'load': {
      const got = await call('getInvoice', { id: command.id });
      if (!got.ok) throw new Error(JSON.stringify(got.error));
      loaded = got.value as LoadedInvoice;
      say({ loaded: loaded.id, revision: loaded.revision });
      return true;
    }
    case 'edit': {
      if (!loaded) throw new Error('edit before load');
      const { cableQty, notes, cable } = command as { cableQty: number; notes: string; cable: number };
      const lines = loaded.lines.map((l) => ({
        id: l.id,
        productId: l.productId,
        description: l.description,
        qty: l.productId === cable ? cableQty : l.qty,
        unitPriceMinor: l.unitPriceMinor,
        taxable: l.taxable,
        serialIds: l.serials.map((s) => s.id),
      }));
      const started = Date.now();
      const outcome = await call('saveInvoice', {
        id: loaded.id,
        revision: loaded.revision,
        customerId: loaded.customerId,
        locationId: loaded.locationId,
        invoiceDate: loaded.invoiceDate,
        notes,
        lines,
      });
      say(
        outcome.ok
          ? {
              edit: true,
              ok: true,
              revision: (outcome.value as { revision: number }).revision,
              notes,
              started,
              lostRaces,
            }
          : { edit: true, ok: false, error: outcome.error, notes, started, lostRaces },
      );
      return true;
    }
    case 'po': {
      const { id, action, lines } = command as { id: number; action: 'receive' | 'cancel'; lines: unknown[] };
      const started = Date.now();
      const outcome =
        action === 'receive'
          ? await call('receivePurchaseOrder', { id, lines })
          : await call('setPurchaseOrderStatus', { id, action: 'cancel' });
      say(
        outcome.ok
          ? { po: id, action, ok: true, started, lostRaces }
          : { po: id, action, ok: false, error: outcome.error, started, lostRaces },
      );
      return true;
    }
    case 'saves': {
      const { pool, productId, cable, locationId, customerId, cashId, pauseMs } = command as unknown as {
        pool: number[];
        pauseMs?: number;
        productId: number;
        cable: number;
        locationId: number;
        customerId: number;
        cashId: number;
      };
      const left = [...pool];
      for (;;) {
        const unit = left.shift();
        const lines: Line[] = [
          {
            productId: cable,
            description: 'USB-C Cable 2m',
            qty: 2000,
            unitPriceMinor: 1999,
            taxable: true,
            serialIds: [],
          },
        ];
        if (unit !== undefined)
          lines.unshift({
            productId,
            description: 'Latitude 5440 Laptop',
            qty: 1000,
            unitPriceMinor: 124_900,
            taxable: true,
            serialIds: [unit],
          });
        say({ saving: true, unit });
        const { outcome } = await counterSale({ lines, locationId, customerId, cashId });
        say(
          outcome.ok
            ? { ok: true, number: (outcome.value as { invoice: { number: string } }).invoice.number, unit, lostRaces }
            : { ok: false, error: outcome.error, unit, lostRaces },
        );
        if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }
    case 'close':
      return false;
    default:
      throw new Error(`unknown command ${JSON.stringify(command)}`);
  }
}

// Commands one after another, in the order they came.
const input = readline.createInterface({ input: process.stdin });
for await (const text of input) {
  if (text.trim() === '') continue;
  if (!(await run(JSON.parse(text) as Record<string, unknown>))) break;
}
input.close();
process.stdin.destroy();
await store.close();
say({ closed: true });
process.exitCode = 0;
