import { useEffect, useState } from 'react';
import type { ImportJob, ImportKind, ImportPreview } from '../../core/model.ts';
import { invalidate, useApi } from '../api/ApiProvider.tsx';
import { staleAfter } from '../../core/methods.ts';

const help: Record<ImportKind, string> = {
  products: 'Columns: sku, name, price (12.99), and optionally barcode, taxable, serialized, maintain stock (yes/no).',
  serials:
    'Columns: product sku, serial, and optionally location (the default location when empty) and condition notes.',
};

/** CSV import: choose a file, read the preview and every row error, then import all rows or none. */
export function ImportScreen() {
  const api = useApi();
  const [kind, setKind] = useState<ImportKind>('serials');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  async function check(next: { name: string; text: string } | null, k: ImportKind) {
    setPreview(null);
    setJob(null);
    setError(null);
    if (!next) return;
    setChecking(true);
    const outcome = await api.previewImport({ kind: k, text: next.text });
    setChecking(false);
    if (!outcome.ok) return setError(outcome.error.message);
    setPreview(outcome.value);
    return undefined;
  }

  async function choose(files: FileList | null) {
    const f = files?.[0];
    if (!f) return;
    const next = { name: f.name, text: await f.text() };
    setFile(next);
    await check(next, kind);
  }

  async function start() {
    if (!file) return;
    const outcome = await api.startImport({ kind, text: file.text, fileName: file.name });
    if (!outcome.ok) return setError(outcome.error.message);
    setJob(outcome.value);
    return undefined;
  }

  // Follow a running import until it ends.
  useEffect(() => {
    if (!job || job.state !== 'running') return undefined;
    const timer = setTimeout(() => {
      void api.importProgress({ jobId: job.id }).then((o) => {
        if (!o.ok) return setError(o.error.message);
        setJob(o.value);
        if (o.value.state === 'done') invalidate(...staleAfter('startImport'));
        return undefined;
      });
    }, 200);
    return () => clearTimeout(timer);
  }, [api, job]);

  const running = job?.state === 'running';
  const ready = preview && preview.errors.length === 0 && preview.rowCount > 0;

  return (
    <section className="import" aria-label="Import">
      <h1>Import from CSV</h1>
      <div className="filters">
        <label className="field">
          <span>What to import</span>
          <select
            value={kind}
            disabled={running}
            onChange={(e) => {
              const k = e.target.value as ImportKind;
              setKind(k);
              void check(file, k);
            }}
          >
            <option value="serials">Serials</option>
            <option value="products">Products</option>
          </select>
        </label>
        <label className="field">
          <span>CSV file</span>
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            disabled={running}
            onChange={(e) => void choose(e.target.files)}
          />
        </label>
      </div>
      <p className="hint">{help[kind]} A header row is required; UTF-8, with commas or semicolons.</p>
      {checking && <p role="status">Checking {file?.name}…</p>}
      {error && (
        <p role="alert" className="message error">
          {error}
        </p>
      )}
      {preview && (
        <>
          <h2>Preview of {file?.name}</h2>
          <p role="status">
            {preview.rowCount.toLocaleString('en-US')} row{preview.rowCount === 1 ? '' : 's'},{' '}
            {preview.errors.length + preview.moreErrors === 0
              ? 'no errors'
              : `${(preview.errors.length + preview.moreErrors).toLocaleString('en-US')} with errors`}
            .
          </p>
          {preview.errors.length > 0 && (
            <div role="alert" className="message error">
              <p>Nothing can be imported until every row is right. Fix these rows and choose the file again:</p>
              <ul className="row-errors" aria-label="Row errors">
                {preview.errors.map((e, i) => (
                  <li key={i}>{e.message}</li>
                ))}
              </ul>
              {preview.moreErrors > 0 && <p>…and {preview.moreErrors.toLocaleString('en-US')} more.</p>}
            </div>
          )}
          <div className="scroll">
            <table className="list" aria-label="Rows to import">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  {preview.columns.map((c, i) => (
                    <th key={i} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.sample.map((r) => (
                  <tr key={r.line}>
                    <td>{r.line}</td>
                    {preview.columns.map((_, i) => (
                      <td key={i}>{r.values[i] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.rowCount > preview.sample.length && (
            <p className="hint">Showing the first {preview.sample.length} rows.</p>
          )}
        </>
      )}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!ready || running || job?.state === 'done'}
          onClick={() => void start()}
        >
          Import {preview ? preview.rowCount.toLocaleString('en-US') : ''} rows
        </button>
        {running && (
          <button
            type="button"
            className="danger"
            onClick={() => void api.cancelImport({ jobId: job.id }).then((o) => o.ok && setJob(o.value))}
          >
            Cancel import
          </button>
        )}
      </div>
      {job && (
        <div className="job">
          <progress
            aria-label="Import progress"
            max={Math.max(1, job.total)}
            value={job.phase === 'checking' ? undefined : job.done}
          />
          <p
            role={job.state === 'failed' ? 'alert' : 'status'}
            className={`message ${job.state === 'failed' || job.state === 'cancelled' ? 'error' : job.state === 'done' ? 'ok' : ''}`}
          >
            {job.message}
          </p>
          {job.errors.length > 0 && (
            <ul className="row-errors">
              {job.errors.map((e, i) => (
                <li key={i}>{e.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
