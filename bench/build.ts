// Builds the benchmark store through the product's own bulk paths: the products and serials CSV
// imports (goods receipts), saveInvoice, then payments and voids (payInvoice, voidInvoice), in batches of commands.
import { sql } from 'kysely';
import type { Store } from '../db/open.ts';
import { saveCustomer, saveLocation } from '../db/services/catalog.ts';
import { inWriteTransaction, type ReadCtx } from '../db/services/context.ts';
import { runImport } from '../db/services/imports.ts';
import { saveInvoice, voidInvoice, type SaveInvoiceLine } from '../db/services/invoices.ts';
import { payInvoice } from '../db/services/payments.ts';
import { receiveGoods } from '../db/services/receiving.ts';
import { addDays } from '../core/dates.ts';
import { rng } from './stats.ts';

export interface Scale {
  serials: number;
  products: number;
  locations: number;
  invoices: number;
  customers: number;
}
export const FULL: Scale = { serials: 1_000_000, products: 5_000, locations: 4, invoices: 100_000, customers: 2_000 };
export const QUICK: Scale = { serials: 100_000, products: 5_000, locations: 4, invoices: 10_000, customers: 2_000 };

export const LOCATION_NAMES = ['Main Store', 'Warehouse', 'Mall Kiosk', 'Airport Store'];
export const sku = (p: number) => `SKU-${String(p).padStart(5, '0')}`;
/** 9 of 10 products are serial-tracked; every tenth is counted stock (cables, cases). */
export const isSerialized = (p: number) => p % 10 !== 0;
export const serialText = (p: number, n: number) => `P${String(p).padStart(5, '0')}-${String(n).padStart(7, '0')}`;
/** Invoices are dated from FIRST_DAY to LAST_DAY, oldest first (all in the past, so payments are too). */
export const FIRST_DAY = '2024-01-01';
export const LAST_DAY = '2026-10-31';
const TERMS = ['', 'Net 15', 'Net 30'];

export interface Built {
  customerIds: number[];
  locationIds: number[];
  timings: Record<string, number>;
}

const log = (text: string) => process.stderr.write(`${text}\n`);

export async function buildStore(store: Store, ctx: ReadCtx, scale: Scale): Promise<Built> {
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await work();
    timings[name] = Math.round(performance.now() - t0);
    log(`  ${name}: ${(timings[name]! / 1000).toFixed(1)} s`);
    return result;
  };
  const random = rng(42);

  const { locationIds, customerIds } = await step('locations and customers', () =>
    inWriteTransaction(ctx, async (trx) => {
      const locationIds: number[] = [];
      for (const [i, name] of LOCATION_NAMES.slice(0, scale.locations).entries()) {
        locationIds.push(
          (await saveLocation(trx, { name, kind: i === 1 ? 'warehouse' : 'store', isDefault: i === 0 })).id,
        );
      }
      const customerIds: number[] = [];
      for (let c = 1; c <= scale.customers; c++) {
        customerIds.push(
          (await saveCustomer(trx, { name: `Customer ${c}`, email: `c${c}@example.com`, phone: '' })).id,
        );
      }
      return { locationIds, customerIds };
    }),
  );

  await step(`${scale.products.toLocaleString('en-US')} products (CSV import)`, async () => {
    const rows = ['sku,name,price,serialized'];
    for (let p = 1; p <= scale.products; p++)
      rows.push(`${sku(p)},Product ${p},${(10 + (p % 990)).toFixed(2)},${isSerialized(p) ? 'yes' : 'no'}`);
    await inWriteTransaction(ctx, (trx) => runImport(trx, 'products', rows.join('\n'), 'bench-products.csv'));
  });

  const serializedProducts = Array.from({ length: scale.products }, (_, i) => i + 1).filter(isSerialized);
  await step(`${scale.serials.toLocaleString('en-US')} serials (CSV import)`, async () => {
    const perFile = 100_000;
    const counters = new Map<number, number>();
    for (let start = 0; start < scale.serials; start += perFile) {
      const rows = ['product sku,serial,location,condition notes'];
      for (let i = start; i < Math.min(scale.serials, start + perFile); i++) {
        const p = serializedProducts[i % serializedProducts.length]!;
        const n = (counters.get(p) ?? 0) + 1;
        counters.set(p, n);
        rows.push(
          `${sku(p)},${serialText(p, n)},${LOCATION_NAMES[Math.floor(random() * scale.locations)]},${n % 7 === 0 ? 'Open box' : 'New'}`,
        );
      }
      await inWriteTransaction(ctx, (trx) =>
        runImport(trx, 'serials', rows.join('\n'), `bench-serials-${start / perFile + 1}.csv`),
      );
    }
  });

  // The counted products (cables, cases) on the shelves of every location, received as goods: the invoices below sell
  // them, and a sale is refused beyond what is on hand (negative stock is off by default).
  const countedProducts = Array.from({ length: scale.products }, (_, i) => i + 1).filter((p) => !isSerialized(p));
  await step('counted stock (receiveGoods)', () =>
    inWriteTransaction(ctx, async (trx) => {
      for (const locationId of locationIds) {
        for (let at = 0; at < countedProducts.length; at += 1000) {
          const lines = countedProducts.slice(at, at + 1000).map((productId) => ({ productId, qty: 1000 }));
          await receiveGoods(trx, { locationId, reference: 'bench: counted stock', lines });
        }
      }
    }),
  );

  const finalised: Array<{ id: number; date: string; total: number }> = [];
  await step(`${scale.invoices.toLocaleString('en-US')} invoices (saveInvoice)`, async () => {
    // In-stock units per location, taken as invoices sell them.
    const pools = new Map<number, Array<{ id: number; product_id: number }>>();
    for (const loc of locationIds) {
      const units = await sql<{ id: number; product_id: number }>`
        SELECT id, product_id FROM serials WHERE location_id = ${loc} AND status = 'in_stock' ORDER BY random()`.execute(
        store.db,
      );
      pools.set(loc, units.rows);
    }
    const price = (p: number) => (10 + (p % 990)) * 100;
    const start = Date.parse(`${FIRST_DAY}T00:00:00Z`);
    const days = (Date.parse(`${LAST_DAY}T00:00:00Z`) - start) / 86_400_000;
    const batch = 500;
    for (let done = 0; done < scale.invoices; done += batch) {
      await inWriteTransaction(ctx, async (trx) => {
        for (let k = done; k < Math.min(scale.invoices, done + batch); k++) {
          const loc = locationIds[k % locationIds.length]!;
          const pool = pools.get(loc)!;
          const lines: SaveInvoiceLine[] = [];
          const units = 1 + Math.floor(random() * 3);
          for (let u = 0; u < units && pool.length > 0; u++) {
            const unit = pool.pop()!;
            lines.push({
              productId: unit.product_id,
              description: `Product ${unit.product_id}`,
              qty: 1000,
              unitPriceMinor: price(unit.product_id),
              taxable: true,
              serialIds: [unit.id],
            });
          }
          if (random() < 0.4 || lines.length === 0) {
            const p = 10 * (1 + Math.floor(random() * (scale.products / 10)));
            lines.push({
              productId: p,
              description: `Product ${p}`,
              qty: (1 + Math.floor(random() * 3)) * 1000,
              unitPriceMinor: price(p),
              taxable: true,
              serialIds: [],
            });
          }
          const date = new Date(start + Math.floor((k / scale.invoices) * days) * 86_400_000)
            .toISOString()
            .slice(0, 10);
          // The newest 2% include drafts (their units Reserved); the rest are finalised (Sent).
          const draft = k >= scale.invoices * 0.98 && random() < 0.5;
          const saved = await saveInvoice(trx, {
            draft,
            customerId: customerIds[Math.floor(random() * customerIds.length)]!,
            locationId: loc,
            invoiceDate: date,
            terms: TERMS[k % TERMS.length]!,
            notes: '',
            lines,
          });
          if (!draft) finalised.push({ id: saved.id, date, total: saved.totalMinor });
        }
      });
      if ((done / batch) % 20 === 19) log(`    ${(done + batch).toLocaleString('en-US')} invoices`);
    }
  });

  // What a shop's books look like: most older invoices paid, some partly, a few void; recent ones mostly open.
  await step('payments and voids (payInvoice, voidInvoice)', async () => {
    const method = await store.db
      .selectFrom('payment_methods')
      .select('id')
      .where('is_default', '=', 1)
      .executeTakeFirstOrThrow();
    const recent = addDays(LAST_DAY, -90);
    const batch = 500;
    for (let done = 0; done < finalised.length; done += batch) {
      await inWriteTransaction(ctx, async (trx) => {
        for (const inv of finalised.slice(done, done + batch)) {
          const old = inv.date < recent;
          const r = random();
          const paidOn = [LAST_DAY, addDays(inv.date, Math.floor(random() * 45))].sort()[0]!;
          if (r < (old ? 0.03 : 0.02)) await voidInvoice(trx, { id: inv.id });
          else if (r < (old ? 0.92 : 0.45)) {
            await payInvoice(trx, { invoiceId: inv.id, amountMinor: inv.total, methodId: method.id, paidOn });
          } else if (r < (old ? 0.95 : 0.55) && inv.total > 1) {
            const part = Math.max(1, Math.floor(inv.total * (0.2 + random() * 0.6)));
            await payInvoice(trx, { invoiceId: inv.id, amountMinor: part, methodId: method.id, paidOn });
          }
        }
      });
    }
    const counts = await sql<{ status: string; n: number }>`
      SELECT status, count(*) AS n FROM invoices GROUP BY status ORDER BY status`.execute(store.db);
    log(`    ${counts.rows.map((c) => `${c.status} ${c.n}`).join(', ')}`);
  });
  return { customerIds, locationIds, timings };
}
