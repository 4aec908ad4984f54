// Long jobs that make a file for the person to keep (a batch of invoice PDFs, an accounting export). The registry
// lives in the main process and answers progress from memory; the work itself runs off the main thread (a worker
// thread for exports, Chromium's own process for PDFs), so the counter never waits on it. A finished job keeps its
// file until it is fetched once (fileJobResult) or the registry forgets it (KEEP_MS after it ended).
import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.ts';
import type { FileDownload, FileJob } from '../../core/model.ts';

/** What a running job is told and may tell: progress, and whether it was cancelled. */
export interface FileJobControl {
  progress(done: number, total: number, message?: string): void;
  problem(item: string, message: string): void;
  readonly cancelled: boolean;
  /** Aborted when the job is cancelled (to stop a worker). */
  readonly signal: AbortSignal;
}

export interface MadeFile {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

interface Entry {
  job: FileJob;
  file: MadeFile | null;
  abort: AbortController;
  endedAt: number | null;
}

/** How long a finished job's file waits to be fetched. */
const KEEP_MS = 30 * 60_000;
const jobs = new Map<string, Entry>();

function forgetOld(now = Date.now()): void {
  for (const [id, entry] of jobs) if (entry.endedAt !== null && now - entry.endedAt > KEEP_MS) jobs.delete(id);
}

/**
 * Starts `run` as a file job and returns its first progress at once. `run` reports progress through its control and
 * resolves with the file; a throw fails the job with the error's message (an AppError's as is).
 */
export function startFileJob(
  kind: FileJob['kind'],
  total: number,
  message: string,
  run: (control: FileJobControl) => Promise<MadeFile>,
): FileJob {
  forgetOld();
  const jobId = randomUUID();
  const abort = new AbortController();
  const entry: Entry = {
    job: { jobId, kind, state: 'running', done: 0, total, message, fileName: null, problems: [] },
    file: null,
    abort,
    endedAt: null,
  };
  jobs.set(jobId, entry);
  const control: FileJobControl = {
    progress(done, of, text) {
      if (entry.job.state !== 'running') return;
      entry.job = { ...entry.job, done, total: of, message: text ?? entry.job.message };
    },
    problem(item, text) {
      entry.job = { ...entry.job, problems: [...entry.job.problems, { item, message: text }] };
    },
    get cancelled() {
      return abort.signal.aborted;
    },
    signal: abort.signal,
  };
  void Promise.resolve()
    .then(() => run(control))
    .then(
      (file) => {
        if (entry.job.state !== 'running') return;
        entry.file = file;
        entry.job = { ...entry.job, state: 'done', done: entry.job.total, fileName: file.fileName, message: 'Done.' };
      },
      (error: unknown) => {
        if (entry.job.state !== 'running') return;
        const text = error instanceof Error ? error.message : String(error);
        if (!(error instanceof AppError)) console.error(`[pos] ${kind} job failed`, error);
        entry.job = { ...entry.job, state: 'failed', message: text };
      },
    )
    .finally(() => {
      entry.endedAt = Date.now();
    });
  return entry.job;
}

function entryOf(jobId: string): Entry {
  const entry = jobs.get(jobId);
  if (!entry)
    throw new AppError('not_found', 'That job is not known here (it finished long ago, or the app restarted).');
  return entry;
}

export function fileJobProgress(jobId: string): FileJob {
  return entryOf(jobId).job;
}

/** A finished job's file, once: the registry lets go of it after this. */
export function fileJobResult(jobId: string): FileDownload {
  const entry = entryOf(jobId);
  if (entry.job.state === 'running') throw new AppError('conflict', 'The file is not ready yet.');
  if (!entry.file)
    throw new AppError(
      'conflict',
      `There is no file: the job ${entry.job.state === 'cancelled' ? 'was cancelled' : `failed (${entry.job.message})`}.`,
    );
  const { fileName, mimeType, bytes } = entry.file;
  jobs.delete(jobId);
  return { fileName, mimeType, base64: Buffer.from(bytes).toString('base64') };
}

export function cancelFileJob(jobId: string): FileJob {
  const entry = entryOf(jobId);
  if (entry.job.state !== 'running') return entry.job;
  entry.abort.abort();
  entry.job = { ...entry.job, state: 'cancelled', message: 'Cancelled: no file was made.' };
  entry.endedAt = Date.now();
  return entry.job;
}

/** Runs until the job ends (tests and scripts). */
export async function fileJobEnded(jobId: string, pollMs = 20): Promise<FileJob> {
  for (;;) {
    const job = fileJobProgress(jobId);
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
