// The export job's thread (see exports.ts): its own connection to the store, the file built there, progress and the
// text posted to the main process. The main process stops the thread to cancel (the export writes nothing).
import { parentPort, workerData } from 'node:worker_threads';
import { buildExport, exportFailure, type ExportWorkerData, type ExportWorkerMessage } from './exports.ts';
import { openJobStore } from './jobConnection.ts';

async function main(port: NonNullable<typeof parentPort>, data: ExportWorkerData): Promise<void> {
  const post = (message: ExportWorkerMessage) => port.postMessage(message);
  let connection: Awaited<ReturnType<typeof openJobStore>> | null = null;
  let message: ExportWorkerMessage;
  try {
    connection = await openJobStore(data.location);
    const now = () => new Date(data.clock.at + (Date.now() - data.clock.wall));
    const built = await buildExport({ db: connection.db, now, actor: data.actor }, data.range, (done, total, text) =>
      post({ type: 'progress', done, total, message: text }),
    );
    message = { type: 'done', text: built.text, fileName: built.fileName };
  } catch (error) {
    message = { type: 'failed', error: exportFailure(error) };
  }
  try {
    await connection?.close();
  } catch {
    // Only reads were made: nothing depends on the handle closing cleanly.
  }
  post(message);
}

const data = workerData as Partial<ExportWorkerData> | null;
if (parentPort && data?.range) void main(parentPort, data as ExportWorkerData);
