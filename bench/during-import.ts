// What the counter sees while a big CSV import runs: SN: scans arriving every few milliseconds
// (latency counted from when the scan arrived, so time the event loop was blocked counts too), the
// longest stall of the main process's event loop, and counter saves issued while the import checks
// its rows and while its final apply holds the write lock. Everything goes through dispatch, as
// the renderer's calls do.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { InputOf, MethodName, Outcome } from '../core/contract.ts';
import type { ImportJob } from '../core/model.ts';

export interface DuringImportOptions {
  call: <M extends MethodName>(method: M, input: InputOf<M>) => Promise<Outcome<unknown>>;
  /** The CSV to import (serials). */
  csv: string;
  /** A serial text to scan, by scan number. */
  scan: (i: number) => string;
  /** A counter sale to save (a new invoice). */
  invoice: () => InputOf<'saveInvoice'>;
  /** How often a scan arrives, in ms. */
  scanEveryMs?: number;
}

export interface SaveDuringImport {
  /** When it was issued: while the rows were checked, or while the final apply held the write lock. */
  phase: 'checking' | 'writing';
  ms: number;
  ok: boolean;
  message: string;
}

export interface DuringImport {
  importMs: number;
  /** From the job reporting its write phase (the apply took the lock) to done, as seen by polling. */
  applyMs: number | null;
  /** Each scan's latency from its arrival to its answer. */
  scans: number[];
  scansFailed: number;
  /**
   * The longest the event loop was blocked: how late a 1 ms interval probe fired, and perf_hooks' delay histogram's
   * max.
   */
  maxStallMs: number;
  loopDelayMaxMs: number;
  /**
   * Each time the event loop was blocked 10 ms or more: when (ms from the start), how long, and the job's state then.
   */
  stalls: Array<{ atMs: number; ms: number; during: string }>;
  saves: SaveDuringImport[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureDuringImport(options: DuringImportOptions): Promise<DuringImport> {
  const { call, scanEveryMs = 5 } = options;
  const t0 = performance.now();
  const resolution = 5;
  const histogram = monitorEventLoopDelay({ resolution });
  let maxStallMs = 0;
  const stalls: DuringImport['stalls'] = [];
  let stage = 'starting';
  let lastTick = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    const late = now - lastTick - 1;
    maxStallMs = Math.max(maxStallMs, late);
    if (late >= 10) stalls.push({ atMs: Math.round(lastTick - t0), ms: Math.round(late), during: stage });
    lastTick = now;
  }, 1);

  const scans: number[] = [];
  let scansFailed = 0;
  const saves: Promise<SaveDuringImport>[] = [];
  const save = (phase: SaveDuringImport['phase']) => {
    const t0 = performance.now();
    return call('saveInvoice', options.invoice()).then((o) => ({
      phase,
      ms: performance.now() - t0,
      ok: o.ok,
      message: o.ok ? 'saved' : `${o.error.code}: ${o.error.message}`,
    }));
  };

  histogram.enable();
  const started = await call('startImport', { kind: 'serials', text: options.csv, fileName: 'during.csv' });
  if (!started.ok) throw new Error(`startImport: ${started.error.message}`);
  const jobId = (started.value as ImportJob).id;

  // Scans arrive on a fixed schedule; each one's latency runs from its scheduled arrival.
  let running = true;
  const scanning = (async () => {
    const pending: Promise<void>[] = [];
    for (let i = 0; running; i++) {
      const due = t0 + i * scanEveryMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      // Arrived at its time, or when the timer fired if that was early.
      const arrived = Math.min(due, performance.now());
      pending.push(
        call('lookupSerial', { serial: options.scan(i) }).then((o) => {
          if (o.ok && (o.value as unknown[]).length > 0) scans.push(performance.now() - arrived);
          else scansFailed++;
        }),
      );
    }
    await Promise.all(pending);
  })();

  let applyStarted: number | null = null;
  let job: ImportJob;
  let savedWhileChecking = false;
  for (;;) {
    const o = await call('importProgress', { jobId });
    if (!o.ok) throw new Error(`importProgress: ${o.error.message}`);
    job = o.value as ImportJob;
    stage = `${job.phase}: ${job.message}`.slice(0, 40);
    if (job.state !== 'running') break;
    if (job.phase === 'checking' && !savedWhileChecking) {
      savedWhileChecking = true;
      saves.push(save('checking'));
    }
    if (job.phase === 'writing' && applyStarted === null) {
      applyStarted = performance.now();
      saves.push(save('writing'));
    }
    await sleep(2);
  }
  const done = performance.now();
  running = false;
  await scanning;
  const settled = await Promise.all(saves);
  clearInterval(probe);
  histogram.disable();
  if (job.state !== 'done') throw new Error(`import ${job.state}: ${job.message}`);
  return {
    importMs: done - t0,
    applyMs: applyStarted === null ? null : done - applyStarted,
    scans,
    scansFailed,
    maxStallMs,
    loopDelayMaxMs: Math.max(0, histogram.max / 1e6 - resolution), // its samples include the resolution
    stalls,
    saves: settled,
  };
}
