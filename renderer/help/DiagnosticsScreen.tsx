// Help → Diagnostics: what support asks for when something goes wrong (versions, where the data lives and how big it
// is, its schema version, the last backup and quick_check, where the logs are), and Save diagnostics: a zip of the
// logs and these facts (never the data file) — the desktop asks where to save it, browser mode downloads it.
import { useState } from 'react';
import { formatDateTime } from '../../core/dates.ts';
import type { Diagnostics } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { downloadFile } from '../documents/download.ts';

/** "812 KB", "1.4 MB": sizes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** The facts as rows: [what, value]. */
export function diagnosticsRows(d: Diagnostics, locale: string): Array<[string, string]> {
  const when = (at: string) => formatDateTime(at, locale);
  return [
    ['App version', `${d.appName} ${d.appVersion}`],
    ['Electron', d.electronVersion ?? 'browser mode'],
    ['Node', d.nodeVersion],
    ['Platform', d.platform],
    ['Store', d.storeKind === 'sqlite' ? "This computer's data file" : 'The shop server (PostgreSQL)'],
    ['Data file', d.dataFile],
    ['Data file size', d.dataFileBytes === null ? '—' : formatBytes(d.dataFileBytes)],
    ['Schema version', String(d.schemaVersion)],
    [
      'Last backup',
      d.lastBackup
        ? `${when(d.lastBackup.at)} · ${d.lastBackup.path}${d.lastBackup.bytes === null ? '' : ` · ${formatBytes(d.lastBackup.bytes)}`}`
        : d.storeKind === 'sqlite'
          ? 'None yet'
          : "The shop server's own backups",
    ],
    [
      'Last quick_check',
      d.lastQuickCheck
        ? `${when(d.lastQuickCheck.at)} · ${d.lastQuickCheck.result}`
        : d.storeKind === 'sqlite'
          ? 'Not run at this start (a new data file)'
          : 'Not run (the shop server checks its own data)',
    ],
    ['Log folder', d.logFolder ?? 'No log file (started without one)'],
    ['Updates', d.updateUrl || 'Off'],
  ];
}

export function DiagnosticsScreen({ locale }: { locale: string }) {
  const api = useApi();
  const facts = useApiQuery('diagnostics', {});
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setMessage(null);
    const outcome = await api.saveDiagnostics({});
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: `Not saved. ${outcome.error.message}` });
    const { savedTo, download } = outcome.value;
    if (download) {
      downloadFile(download);
      return setMessage({ tone: 'ok', text: `Downloaded ${download.fileName}: the logs and these facts.` });
    }
    return setMessage(
      savedTo
        ? { tone: 'ok', text: `Saved ${savedTo}: the logs and these facts.` }
        : { tone: 'ok', text: 'Not saved.' },
    );
  }

  return (
    <section className="diagnostics" aria-label="Diagnostics">
      <div className="screen-head">
        <h1>Diagnostics</h1>
        <button type="button" className="primary" disabled={busy || !facts.data} onClick={() => void save()}>
          Save diagnostics
        </button>
      </div>
      <p className="hint">
        Save diagnostics makes a zip of the log files and the facts below, to send to whoever supports this shop. It
        never holds the data file: no sales, customers or PINs.
      </p>
      <Message message={message} />
      <QueryError state={facts} />
      {facts.data && (
        <table className="list diagnostics-facts" aria-label="Diagnostics facts">
          <tbody>
            {diagnosticsRows(facts.data, locale).map(([what, value]) => (
              <tr key={what}>
                <th scope="row">{what}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
