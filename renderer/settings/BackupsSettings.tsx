// Settings → Backups (Admin): the data file's backups (date, size, app version), Back up now, the retention, the extra
// folder (Choose folder: the system's dialog on the desktop, a path typed in browser mode) and Restore, which asks to
// confirm, then the store is restarted on the backup and the app reloads. On the shop server the server's own backups
// apply; Back up now runs pg_dump there when this computer has it.
import { useId, useState, type FormEvent } from 'react';
import { formatDateTime } from '../../core/dates.ts';
import type { BackupRow, BackupStatus } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';

declare global {
  interface Window {
    /** Set by the Electron preload: the system's folder dialog, shown by main. */
    posBackups?: { chooseFolder(): Promise<string | null> };
  }
}

export const formatSize = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

const REASONS: Record<string, string> = { daily: 'Daily', manual: 'Back up now', migration: 'Before an upgrade' };
const PLACES: Record<BackupRow['place'], string> = {
  backups: 'Backups folder',
  beside: 'Beside the data file',
  folder: 'Extra folder',
};

export function BackupsSection() {
  const status = useApiQuery('backupStatus', {});
  const info = useApiQuery('appInfo', {});
  const ids = useId();
  const locale = info.data?.locale ?? 'en-US';
  return (
    <section className="form settings-form backup-settings" aria-labelledby={`${ids}-head`}>
      <h2 id={`${ids}-head`}>Backups</h2>
      <QueryError state={status} />
      {status.data?.kind === 'memory' && (
        <p className="message note">This store is kept in memory, not in a file: there is nothing to back up.</p>
      )}
      {status.data?.kind === 'postgres' && <ServerBackups status={status.data} />}
      {status.data?.kind === 'sqlite' && <FileBackups status={status.data} locale={locale} />}
      {status.data && status.data.kind !== 'memory' && <BackupSettingsForm status={status.data} />}
    </section>
  );
}

function ServerBackups({ status }: { status: Extract<BackupStatus, { kind: 'postgres' }> }) {
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);
  const api = useApi();
  async function dump() {
    setBusy(true);
    setMessage({ tone: 'ok', text: 'Running pg_dump…' });
    const outcome = await api.backupNow({});
    setBusy(false);
    setMessage(
      outcome.ok
        ? { tone: 'ok', text: `pg_dump wrote ${outcome.value.path}. Restore it with pg_restore.` }
        : { tone: 'error', text: `No backup was made. ${outcome.error.message}` },
    );
  }
  return (
    <>
      <p className="message note">
        This shop&apos;s data lives on the PostgreSQL server {status.server}: back it up there (pg_dump, or your
        host&apos;s backups).
      </p>
      {status.pgDump ? (
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => void dump()}>
            Run pg_dump now
          </button>
        </div>
      ) : (
        <p className="hint">pg_dump is not on this computer, so it cannot take a copy from here.</p>
      )}
      <Message message={message} />
    </>
  );
}

function FileBackups({ status, locale }: { status: Extract<BackupStatus, { kind: 'sqlite' }>; locale: string }) {
  const api = useApi();
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<BackupRow | null>(null);

  async function backUpNow() {
    setBusy(true);
    setMessage({ tone: 'ok', text: 'Backing up…' });
    const outcome = await api.backupNow({});
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: `No backup was made. ${outcome.error.message}` });
    const { path, copiedTo, warning } = outcome.value;
    setMessage({
      tone: warning ? 'error' : 'ok',
      text: `Backed up to ${path}.${copiedTo ? ` Copied to ${copiedTo}.` : ''}${warning ? ` ${warning}` : ''}`,
    });
  }

  async function restore(backup: BackupRow) {
    setConfirm(null);
    setBusy(true);
    setMessage({ tone: 'ok', text: 'Restoring…' });
    const outcome = await api.restoreFromBackup({ path: backup.path });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: `Not restored. ${outcome.error.message}` });
    setMessage({
      tone: 'ok',
      text: `Restored the backup of ${formatDateTime(backup.at, locale)}. The file it replaced was kept as ${outcome.value.keptAs ?? '(none)'}. Reloading…`,
    });
    // Every screen reads the restored store afresh (a draft left open would refer to rows that may no longer exist).
    setTimeout(() => window.location.reload(), 1500);
  }

  return (
    <>
      <p className="hint">
        Data file: <code>{status.dataFile}</code>. Backups are written once a day and before every upgrade into{' '}
        <code>{status.backupsDir}</code>
        {status.folder ? (
          <>
            , and copied to <code>{status.folder}</code>
          </>
        ) : null}
        .
      </p>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void backUpNow()}>
          Back up now
        </button>
      </div>
      <Message message={message} />
      {status.backups.length === 0 ? (
        <p className="hint">No backups yet.</p>
      ) : (
        <table className="data-table" aria-label="Backups">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Size</th>
              <th scope="col">App version</th>
              <th scope="col">Why</th>
              <th scope="col">Where</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {status.backups.map((b) => (
              <tr key={b.path} title={b.path}>
                <td>{formatDateTime(b.at, locale)}</td>
                <td>{formatSize(b.size)}</td>
                <td>{b.appVersion ?? '—'}</td>
                <td>{b.reason ? REASONS[b.reason] : '—'}</td>
                <td>{PLACES[b.place]}</td>
                <td>
                  {status.canRestore && b.schemaVersion <= status.schemaVersion && (
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={`Restore the backup of ${formatDateTime(b.at, locale)}`}
                      onClick={() => setConfirm(b)}
                    >
                      Restore
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!status.canRestore && (
        <p className="hint">
          To restore here, close the app and run <code>npm run restore -- --db DATAFILE --from BACKUP</code>.
        </p>
      )}
      {confirm && (
        <Dialog title="Restore this backup?" onClose={() => setConfirm(null)}>
          <p>
            The data file goes back to how it was on {formatDateTime(confirm.at, locale)}: everything saved after that
            (sales, invoices, payments, stock moves) is not in it. The current data file is kept beside it as{' '}
            <code>…before-restore-&lt;time&gt;</code>, so nothing is deleted. The app reloads afterwards.
          </p>
          <div className="actions">
            <button type="button" className="primary danger" onClick={() => void restore(confirm)}>
              Restore
            </button>
            <button type="button" onClick={() => setConfirm(null)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}

function BackupSettingsForm({ status }: { status: Exclude<BackupStatus, { kind: 'memory' }> }) {
  const api = useApi();
  const [daily, setDaily] = useState(String(status.retention.daily));
  const [weekly, setWeekly] = useState(String(status.retention.weekly));
  const [monthly, setMonthly] = useState(String(status.retention.monthly));
  const [folder, setFolder] = useState(status.folder);
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);
  const desktop = typeof window !== 'undefined' && window.posBackups !== undefined;

  const count = (text: string) => (/^\s*\d{1,3}\s*$/.test(text) ? Number(text) : NaN);
  async function save(event: FormEvent, chosen = folder) {
    event.preventDefault();
    const retention = { daily: count(daily), weekly: count(weekly), monthly: count(monthly) };
    if (!(retention.daily >= 1) || Number.isNaN(retention.weekly) || Number.isNaN(retention.monthly))
      return setMessage({
        tone: 'error',
        text: 'Enter how many backups to keep as whole numbers (at least 1 daily; 0 keeps no weekly or monthly ones).',
      });
    setBusy(true);
    const outcome = await api.saveBackupSettings({ retention, folder: chosen });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
    setMessage({ tone: 'ok', text: 'Saved the backup settings.' });
  }

  async function chooseFolder(event: FormEvent) {
    const chosen = await window.posBackups?.chooseFolder();
    if (!chosen) return;
    setFolder(chosen);
    await save(event, chosen);
  }

  const number = (label: string, value: string, set: (v: string) => void) => (
    <label className="field">
      <span>{label}</span>
      <input
        value={value}
        inputMode="numeric"
        onChange={(e) => {
          set(e.target.value);
          setMessage(null);
        }}
      />
    </label>
  );

  return (
    <form onSubmit={(e) => void save(e)} aria-label="Backup settings">
      {status.kind === 'sqlite' && (
        <>
          <h3>Keep</h3>
          {number('Daily backups', daily, setDaily)}
          {number('Weekly backups', weekly, setWeekly)}
          {number('Monthly backups', monthly, setMonthly)}
          <p className="hint">Backups written before an upgrade are kept apart (the newest 3).</p>
        </>
      )}
      <h3>Extra folder</h3>
      <label className="field">
        <span>Extra backup folder</span>
        <input
          value={folder}
          readOnly={desktop}
          placeholder={desktop ? 'None' : 'A full path, e.g. E:\\Backups'}
          onChange={(e) => {
            setFolder(e.target.value);
            setMessage(null);
          }}
        />
      </label>
      <p className="hint">
        {status.kind === 'sqlite'
          ? 'Every backup is also copied here: a USB drive or a synced folder keeps a copy off this computer.'
          : 'pg_dump writes here.'}
      </p>
      <div className="actions">
        {desktop && (
          <button type="button" disabled={busy} onClick={(e) => void chooseFolder(e)}>
            Choose folder
          </button>
        )}
        {desktop && folder && (
          <button type="button" disabled={busy} onClick={(e) => (setFolder(''), void save(e, ''))}>
            No extra folder
          </button>
        )}
        <button type="submit" disabled={busy}>
          Save
        </button>
      </div>
      <Message message={message} />
    </form>
  );
}
