// Exports (nav: Exports): a format and a date range, a preview of the first rows with the counts, and Export, which
// makes the file off the main thread (a file job) and downloads it. Xero's account code and tax types are set here
// (Admin only: saveExportSettings).
import { useEffect, useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat } from '../../core/enums.ts';
import { addDays, dateRangeProblem, localDate } from '../../core/dates.ts';
import type { ExportSettings, FileJob } from '../../core/model.ts';
import { invalidate, useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { useSignedIn } from '../staff/session.tsx';
import { downloadFile } from '../documents/download.ts';

export const exportFormatLabel: Record<ExportFormat, string> = {
  quickbooks_online: 'QuickBooks Online (invoices CSV)',
  quickbooks_desktop: 'QuickBooks Desktop (IIF)',
  xero: 'Xero (sales invoices CSV)',
  invoices_csv: 'Invoices (CSV)',
  invoice_lines_csv: 'Invoice lines with serial numbers (CSV)',
  payments_csv: 'Payments (CSV)',
  serials_csv: 'Serial numbers (CSV)',
};

/** The calendar month before today's: its first and last day. */
export function lastMonth(today: Date = new Date()): { from: string; to: string } {
  const firstOfThis = `${localDate(today).slice(0, 7)}-01`;
  const to = addDays(firstOfThis, -1);
  return { from: `${to.slice(0, 7)}-01`, to };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function ExportsScreen() {
  const api = useApi();
  const [format, setFormat] = useState<ExportFormat>('quickbooks_online');
  const [range, setRange] = useState(lastMonth);
  const [job, setJob] = useState<FileJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const problem = !range.from || !range.to ? 'Choose a From and a To date.' : dateRangeProblem(range.from, range.to);
  const preview = useApiQuery('previewExport', { format, ...range }, problem === null);
  const running = job?.state === 'running';

  async function start() {
    setError(null);
    setDone(null);
    const outcome = await api.startExport({ format, ...range });
    if (!outcome.ok) return setError(outcome.error.message);
    setJob(outcome.value);
    return undefined;
  }

  // Follow the job until it ends, then fetch and download its file.
  useEffect(() => {
    if (!job || job.state !== 'running') return undefined;
    const timer = setTimeout(() => {
      void api.fileJobProgress({ jobId: job.jobId }).then(async (o) => {
        if (!o.ok) return setError(o.error.message);
        setJob(o.value);
        if (o.value.state === 'failed') setError(o.value.message);
        if (o.value.state !== 'done') return undefined;
        const file = await api.fileJobResult({ jobId: job.jobId });
        if (!file.ok) return setError(file.error.message);
        downloadFile(file.value);
        setDone(`Exported ${file.value.fileName}.`);
        return undefined;
      });
    }, 150);
    return () => clearTimeout(timer);
  }, [api, job]);

  const p = preview.status === 'ok' && problem === null ? preview.data : null;
  return (
    <section className="exports" aria-label="Exports">
      <h1>Exports</h1>
      <div className="filters">
        <label className="field">
          <span>Format</span>
          <select value={format} disabled={running} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {exportFormatLabel[f]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>From</span>
          <input
            type="date"
            value={range.from}
            disabled={running}
            onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))}
          />
        </label>
        <label className="field">
          <span>To</span>
          <input
            type="date"
            value={range.to}
            disabled={running}
            onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))}
          />
        </label>
        <button type="button" className="primary" disabled={running || !p} onClick={() => void start()}>
          Export
        </button>
      </div>
      <p className="hint">
        Invoices by invoice date and payments by payment date, both days included. QuickBooks and Xero files leave out
        Draft and Void invoices.
      </p>
      {problem && (
        <p role="alert" className="message error">
          {problem}
        </p>
      )}
      {preview.status === 'error' && problem === null && (
        <p role="alert" className="message error">
          {preview.error.message}
        </p>
      )}
      {error && (
        <p role="alert" className="message error">
          {error}
        </p>
      )}
      {job && running && (
        <p role="status">
          {job.message} <progress aria-label="Export progress" max={job.total || 1} value={job.done} />
        </p>
      )}
      {done && (
        <p role="status" className="message ok">
          {done}
        </p>
      )}
      {p && (
        <>
          <h2>Preview of {p.fileName}</h2>
          <p role="status" aria-label="Export counts">
            {[
              plural(p.counts.invoices, 'invoice'),
              plural(p.counts.lines, 'line'),
              plural(p.counts.payments, 'payment'),
              plural(p.counts.serials, 'serial number'),
            ].join(', ')}
            ; {plural(p.totalRows, 'row')} in the file.
          </p>
          <div className="scroll">
            <table className="list" aria-label="Export preview">
              <thead>
                <tr>
                  {p.columns.map((c, i) => (
                    <th key={i} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((cell, j) => (
                      <td key={j}>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {p.totalRows > p.rows.length && <p className="hint">Showing the first {p.rows.length} rows.</p>}
        </>
      )}
      {format === 'xero' && <XeroSettings />}
    </section>
  );
}

/** Settings → Exports for Xero: the sales account code and a tax type per tax rate and for untaxed lines. */
function XeroSettings() {
  const api = useApi();
  const admin = useSignedIn()?.role === 'admin';
  const saved = useApiQuery('getExportSettings', {});
  const [draft, setDraft] = useState<ExportSettings | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (saved.status === 'ok') setDraft(saved.data);
  }, [saved.status, saved.data]);
  if (!draft) return saved.status === 'error' ? <p role="alert">{saved.error.message}</p> : null;

  async function save(settings: ExportSettings) {
    setMessage(null);
    const outcome = await api.saveExportSettings({
      xeroSalesAccount: settings.xeroSalesAccount,
      xeroTaxTypes: settings.xeroTaxTypes.map((t) => ({ taxRateId: t.taxRateId, taxType: t.taxType })),
      xeroNoTaxType: settings.xeroNoTaxType,
    });
    if (!outcome.ok) return setMessage({ ok: false, text: outcome.error.message });
    setDraft(outcome.value);
    invalidate('previewExport'); // the preview's AccountCode and TaxType
    setMessage({ ok: true, text: 'Xero settings saved.' });
    return undefined;
  }

  return (
    <form
      className="settings-form"
      aria-label="Xero settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save(draft);
      }}
    >
      <h2>Xero settings</h2>
      {!admin && <p className="hint">Only an Admin can change these.</p>}
      <label className="field">
        <span>Sales account code</span>
        <input
          value={draft.xeroSalesAccount}
          disabled={!admin}
          onChange={(e) => setDraft({ ...draft, xeroSalesAccount: e.target.value })}
        />
      </label>
      {draft.xeroTaxTypes.map((t, i) => (
        <label className="field" key={t.taxRateId}>
          <span>Tax type for {t.taxRateName}</span>
          <input
            value={t.taxType}
            disabled={!admin}
            onChange={(e) =>
              setDraft({
                ...draft,
                xeroTaxTypes: draft.xeroTaxTypes.map((x, j) => (j === i ? { ...x, taxType: e.target.value } : x)),
              })
            }
          />
        </label>
      ))}
      <label className="field">
        <span>Tax type for untaxed lines</span>
        <input
          value={draft.xeroNoTaxType}
          disabled={!admin}
          onChange={(e) => setDraft({ ...draft, xeroNoTaxType: e.target.value })}
        />
      </label>
      {admin && <button type="submit">Save Xero settings</button>}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={`message ${message.ok ? 'ok' : 'error'}`}>
          {message.text}
        </p>
      )}
    </form>
  );
}
