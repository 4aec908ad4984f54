// Move to server from the app: moveToServer (db/moveToServer.ts) in a worker thread (db/moveWorker.ts), so the main
// process keeps answering while a store of many sales is copied. The worker reads a snapshot of the SQLite file (the
// app keeps selling meanwhile) and has its own connection to the shop server.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, type AppErrorValue } from '../core/errors.ts';
import type { MoveReport } from './moveToServer.ts';

export interface MoveWorkerData {
  file: string;
  url: string;
}

export type MoveWorkerMessage =
  | { type: 'progress'; table: string; done: number; total: number }
  | { type: 'done'; report: MoveReport }
  | { type: 'failed'; error: AppErrorValue };

/**
 * The worker's script: beside this module when run from source (Node strips the types), and beside the main bundle
 * as moveWorker.cjs in the built app (scripts/bundles.ts).
 */
export function moveWorkerFile(dir: string = import.meta.dirname): string {
  const bundled = path.join(dir, 'moveWorker.cjs');
  return fs.existsSync(bundled) ? bundled : path.join(dir, 'moveWorker.ts');
}

/** Runs the move in a worker thread; its refusal comes back as the same AppError. */
export function moveToServerInWorker(
  file: string,
  url: string,
  progress: (table: string, done: number, total: number) => void = () => {},
  script: string = moveWorkerFile(),
): Promise<MoveReport> {
  return new Promise<MoveReport>((resolve, reject) => {
    const worker = new Worker(script, { workerData: { file, url } satisfies MoveWorkerData, name: 'move-to-server' });
    let settled = false;
    worker.on('message', (m: MoveWorkerMessage) => {
      if (m.type === 'progress') return progress(m.table, m.done, m.total);
      settled = true;
      if (m.type === 'done') resolve(m.report);
      else reject(new AppError(m.error.code, m.error.message, m.error.details));
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled)
        reject(
          new AppError(
            'internal',
            `The move stopped unexpectedly (exit code ${code}). Nothing was copied: the server's database was left ` +
              'without your data; you can move again.',
          ),
        );
    });
  });
}
