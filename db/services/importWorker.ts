// The import job's thread (see imports.ts): its own connection to the store's file, the rows
// checked without the write lock, then one short apply. Progress goes to the main process as
// messages; a cancel arrives in shared memory, read on every progress step.
import { parentPort, workerData } from 'node:worker_threads';
import {
  importFailure,
  previewImport,
  runImportJob,
  type ImportOutcome,
  type ImportWorkerData,
  type ImportWorkerMessage,
} from './imports.ts';
import { openJobStore } from './jobConnection.ts';

type JobConnection = Awaited<ReturnType<typeof openJobStore>>;

async function main(port: NonNullable<typeof parentPort>, data: ImportWorkerData): Promise<void> {
  const post = (message: ImportWorkerMessage) => port.postMessage(message);
  const cancel = new Int32Array(data.cancel);
  let connection: JobConnection | null = null;
  let outcome: ImportOutcome;
  try {
    connection = await openJobStore(data.file);
    const now = () => new Date(data.clock.at + (Date.now() - data.clock.wall));
    outcome = await runImportJob({ db: connection.db, now, actor: data.actor }, data.task, {
      report: (stage, done, total) => post({ type: 'progress', stage, done, total }),
      cancelled: () => Atomics.load(cancel, 0) === 1,
    });
  } catch (error) {
    outcome = { ok: false, error: importFailure(error) };
  }
  try {
    await connection?.close();
  } catch {
    // The outcome stands: a committed import is written whether or not the handle closes cleanly.
  }
  post({ type: 'finished', outcome });
}

/** A preview: the same checks, on this thread's own connection, answered in one message. */
async function preview(port: NonNullable<typeof parentPort>, data: ImportWorkerData): Promise<void> {
  let connection: JobConnection | null = null;
  let message: ImportWorkerMessage;
  try {
    connection = await openJobStore(data.file);
    const now = () => new Date(data.clock.at + (Date.now() - data.clock.wall));
    const result = await previewImport({ db: connection.db, now, actor: data.actor }, data.task.kind, data.task.text);
    message = { type: 'preview', outcome: { ok: true, preview: result } };
  } catch (error) {
    message = { type: 'preview', outcome: { ok: false, error: importFailure(error) } };
  }
  try {
    await connection?.close();
  } catch {
    // A read-only check: nothing depends on the handle closing cleanly.
  }
  port.postMessage(message);
}

const data = workerData as Partial<ImportWorkerData> | null;
if (parentPort && data?.task) {
  void (data.preview ? preview(parentPort, data as ImportWorkerData) : main(parentPort, data as ImportWorkerData));
}
