// A second (third…) process on the same data file, for tests/db/store-processes.test.ts. Run with
// node (which strips the types): `node tests/support/store-child.ts <mode> <file> <json>`. It opens
// the store as the app does (openAppStore), says {"ready":true}, waits for "go" on stdin, then works
// through dispatch, the same entry IPC and the web host use, printing one JSON line per outcome.
// A line is printed only after dispatch answered: an "ok" line is an acknowledged save.
//
//   sell    <file> {"attempts":[{ "serialId", "productId" }…], "customerId", "locationId"}
//           one invoice per serial, in the given order; stops after the list
//   saves   <file> {"serialIds":[…], "laptop", "cable", "customerId", "locationId"}
//           invoices until killed: a unit from the pool (while any is left) plus cables; every
//           third save edits the previous invoice instead (cable quantity, and its unit dropped)
//   import  <file> {"kind":"serials","textFile":"…"}
//           starts an import and prints its progress until it is done
import fs from 'node:fs';
import readline from 'node:readline';
import { openAppStore } from '../../db/store.ts';
import { dispatch } from '../../electron/dispatch.ts';
import type { HandlerCtx } from '../../electron/handlers.ts';

const [mode, file, json] = process.argv.slice(2);
if (!mode || !file || !json) {
  console.error('usage: node tests/support/store-child.ts sell|saves|import FILE JSON');
  process.exit(2);
}
const args = JSON.parse(json) as Record<string, unknown>;
const say = (line: object) => process.stdout.write(`${JSON.stringify({ ...line, at: Date.now() })}\n`);

const store = await openAppStore(file, { demo: false, backupEveryMs: false });
const ctx: HandlerCtx = {
  db: store.db,
  now: () => new Date(),
  actor: `child-${process.pid}`,
  host: { name: 'Counter POS', version: 'test', dataFile: file, mode: 'test' },
};
const call = (method: string, input: unknown) => dispatch(ctx, method, input);

// Warm up (first queries, compiled code) before the start, so both processes really run at once.
await call('appInfo', {});
await call('listInvoices', {});
say({ ready: true, pid: process.pid });
await new Promise<void>((resolve) => {
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() === 'go') {
      lines.close();
      process.stdin.destroy(); // nothing more to read: let the process end when its work does
      resolve();
    }
  });
});

const today = new Date().toISOString().slice(0, 10);

if (mode === 'sell') {
  const { attempts, customerId, locationId } = args as {
    attempts: Array<{ serialId: number; productId: number }>;
    customerId: number;
    locationId: number;
  };
  for (const { serialId, productId } of attempts) {
    const outcome = await call('saveInvoice', {
      customerId,
      locationId,
      invoiceDate: today,
      // Quantities are thousandths: 1000 is one unit.
      lines: [
        { productId, description: 'Unit', qty: 1000, unitPriceMinor: 1000, taxable: true, serialIds: [serialId] },
      ],
    });
    say(
      outcome.ok
        ? { serialId, ok: true, number: (outcome.value as { number: string }).number }
        : { serialId, ok: false, error: outcome.error },
    );
  }
} else if (mode === 'saves') {
  const { serialIds, laptop, cable, customerId, locationId } = args as {
    serialIds: number[];
    laptop: number;
    cable: number;
    customerId: number;
    locationId: number;
  };
  const pool = [...serialIds];
  let last: { id: number; revision: number } | null = null;
  for (let i = 1; ; i++) {
    if (last && i % 3 === 0) {
      // An edit: the cable line changes quantity, the unit line (if any) is dropped (its unit goes back to stock).
      const got = await call('getInvoice', { id: last.id });
      if (!got.ok) throw new Error(JSON.stringify(got.error));
      const invoice = got.value as {
        revision: number;
        lines: Array<{
          productId: number;
          description: string;
          qty: number;
          unitPriceMinor: number;
          taxable: boolean;
          serials: Array<{ id: number }>;
        }>;
      };
      const lines = invoice.lines
        .filter((l) => l.productId !== laptop)
        .map((l) => ({
          productId: l.productId,
          description: l.description,
          qty: l.productId === cable ? l.qty + 1000 : l.qty,
          unitPriceMinor: l.unitPriceMinor,
          taxable: l.taxable,
          serialIds: l.serials.map((s) => s.id),
        }));
      const outcome = await call('saveInvoice', {
        id: last.id,
        revision: invoice.revision,
        customerId,
        locationId,
        invoiceDate: today,
        lines,
      });
      if (!outcome.ok) say({ ok: false, error: outcome.error });
      else {
        const saved = outcome.value as { id: number; number: string; revision: number };
        last = { id: saved.id, revision: saved.revision };
        say({ ok: true, edit: true, id: saved.id, number: saved.number, revision: saved.revision });
      }
      continue;
    }
    const unit = pool.shift();
    const lines = [
      {
        productId: cable,
        description: 'USB-C Cable 2m',
        qty: 2000,
        unitPriceMinor: 1999,
        taxable: true,
        serialIds: [] as number[],
      },
    ];
    if (unit !== undefined)
      lines.unshift({
        productId: laptop,
        description: 'Latitude 5440 Laptop',
        qty: 1000,
        unitPriceMinor: 124_900,
        taxable: true,
        serialIds: [unit],
      });
    const outcome = await call('saveInvoice', {
      customerId,
      locationId,
      invoiceDate: today,
      notes: `save ${i} of ${process.pid}`,
      lines,
    });
    if (!outcome.ok) {
      say({ ok: false, error: outcome.error, unit });
      continue;
    }
    const saved = outcome.value as { id: number; number: string; revision: number };
    last = { id: saved.id, revision: saved.revision };
    say({ ok: true, id: saved.id, number: saved.number, revision: saved.revision, unit });
  }
} else if (mode === 'import') {
  const text = fs.readFileSync(String(args.textFile), 'utf8');
  const started = await call('startImport', { kind: args.kind, text, fileName: 'killed.csv' });
  if (!started.ok) {
    say({ started: false, error: started.error });
  } else {
    const jobId = (started.value as { id: string }).id;
    say({ job: started.value });
    for (;;) {
      const progress = await call('importProgress', { jobId });
      if (!progress.ok) {
        say({ error: progress.error });
        break;
      }
      const job = progress.value as { state: string };
      say({ job });
      if (job.state !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}

await store.close();
say({ closed: true });
process.exitCode = 0;
