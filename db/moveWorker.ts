// The move-to-server thread (see moveJob.ts): copies the SQLite file into the shop server's empty database and
// answers the report, or the refusal as an error value.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../core/errors.ts';
import { connectionFailure } from './postgres.ts';
import type { MoveWorkerData, MoveWorkerMessage } from './moveJob.ts';
import { moveToServer, NOTHING_MOVED } from './moveToServer.ts';

async function main(port: NonNullable<typeof parentPort>, data: MoveWorkerData): Promise<void> {
  const post = (message: MoveWorkerMessage) => port.postMessage(message);
  try {
    const report = await moveToServer(data.file, data.url, (table, done, total) =>
      post({ type: 'progress', table, done, total }),
    );
    post({ type: 'done', report });
  } catch (error) {
    const failure = connectionFailure(error, data.url);
    post({
      type: 'failed',
      error:
        failure instanceof AppError
          ? failure.toValue()
          : { code: 'internal', message: `The move failed: ${(error as Error).message}. ${NOTHING_MOVED}` },
    });
  }
}

const data = workerData as MoveWorkerData | null;
if (parentPort && data) void main(parentPort, data);
