// A second (third…) app process running the recurring scheduler's pass on the same data file, for
// tests/db/recurring-run.test.ts. Run with node (which strips the types):
// `node tests/support/recurring-child.ts <file>`.
// It opens the store as the app does, says {"ready":true}, waits for "go" on stdin (so the processes start together),
// runs one pass with the tests' frozen clock and prints its report as one JSON line.
import readline from 'node:readline';
import { openAppStore } from '../../db/store.ts';
import { runDueRecurring } from '../../db/services/recurringRun.ts';
import { FROZEN_NOW } from './frozen.ts';

const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tests/support/recurring-child.ts FILE');
  process.exit(2);
}
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const store = await openAppStore(file, { demo: false, backupEveryMs: false });
const ctx = { db: store.db, now: () => FROZEN_NOW, actor: `child-${process.pid}` };
// Warm up (first queries, compiled code) before the start, so the processes really run at once.
await store.db.selectFrom('recurring_templates').select('id').execute();
say({ ready: true });
await new Promise<void>((resolve) => {
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() === 'go') {
      lines.close();
      process.stdin.destroy();
      resolve();
    }
  });
});
const report = await runDueRecurring(ctx, {});
say({ report });
await store.close();
