// Download PDFs (the Invoices page's bulk action): one PDF per ticked invoice in a zip, made by a job off the main
// thread. Its progress shows as a progress bar and "Rendered 3 of 10"; when done the zip is downloaded, and each
// invoice that could not be rendered is listed with why. Cancel stops it (no file is made).
import { useEffect, useRef, useState } from 'react';
import type { FileJob } from '../../core/model.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { downloadFile } from './download.ts';

const POLL_MS = 250;

export function PdfBatch({ ids, onClose }: { ids: readonly number[]; onClose: () => void }) {
  const api = useApi();
  const [job, setJob] = useState<FileJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return undefined;
    started.current = true;
    let stop = false;
    void (async () => {
      const first = await api.startPdfBatch({ ids: [...ids] });
      if (!first.ok) return setError(first.error.message);
      let now = first.value;
      setJob(now);
      while (now.state === 'running' && !stop) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const next = await api.fileJobProgress({ jobId: now.jobId });
        if (!next.ok) return setError(next.error.message);
        now = next.value;
        setJob(now);
      }
      if (now.state !== 'done') return undefined;
      const file = await api.fileJobResult({ jobId: now.jobId });
      if (!file.ok) return setError(file.error.message);
      downloadFile(file.value);
      return setSaved(file.value.fileName);
    })();
    return () => {
      stop = true;
    };
  }, [api, ids]);

  async function cancel() {
    if (!job) return;
    const outcome = await api.cancelFileJob({ jobId: job.jobId });
    if (outcome.ok) setJob(outcome.value);
  }

  const running = job?.state === 'running' || (job === null && error === null);
  const made = job ? job.done - job.problems.length : 0;
  const summary = error
    ? `Download PDFs: ${error}`
    : !job
      ? `Starting ${ids.length} PDF${ids.length === 1 ? '' : 's'}…`
      : job.state === 'running'
        ? job.message
        : job.state === 'done'
          ? saved
            ? `Downloaded ${saved}: ${made} PDF${made === 1 ? '' : 's'}.`
            : 'Saving the zip…'
          : `Download PDFs: ${job.message}`;
  return (
    <div className="pdf-batch" aria-label="Download PDFs">
      {job && (
        <progress
          aria-label="PDFs rendered"
          max={job.total}
          value={job.done}
          aria-valuetext={`Rendered ${job.done} of ${job.total}`}
        />
      )}
      <p
        role={error || job?.state === 'failed' ? 'alert' : 'status'}
        className={`message ${error || job?.state === 'failed' ? 'error' : job?.problems.length ? 'warn' : 'ok'}`}
      >
        {summary}
      </p>
      {job && job.problems.length > 0 && (
        <ul aria-label="Not rendered">
          {job.problems.map((p) => (
            <li key={p.item}>
              {p.item}: {p.message}
            </li>
          ))}
        </ul>
      )}
      {running ? (
        <button type="button" onClick={() => void cancel()} disabled={!job}>
          Cancel
        </button>
      ) : (
        <button type="button" onClick={onClose}>
          Close
        </button>
      )}
    </div>
  );
}
