// Settings → Updates (Admin, desktop app): the update address, a web folder the release is published to (latest.yml,
// latest-mac.yml and the installers). Off when neither this nor the build sets one. A new version downloads in the
// background and installs the next time Counter POS is closed, never during a sale; its first start backs the data
// file up before upgrading it. Browser mode has no updates: it runs from the files it was started from.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { UpdateSettings } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';

export function UpdatesSection() {
  const settings = useApiQuery('getUpdateSettings', {});
  const ids = useId();
  return (
    <section className="form settings-form update-settings" aria-labelledby={`${ids}-head`}>
      <h2 id={`${ids}-head`}>Updates</h2>
      <QueryError state={settings} />
      {settings.data &&
        (settings.data.canUpdate ? (
          <UpdateForm saved={settings.data} />
        ) : (
          <p className="message note">
            Updates are for the desktop app: browser mode runs from the files it was started from.
          </p>
        ))}
    </section>
  );
}

function UpdateForm({ saved }: { saved: UpdateSettings }) {
  const api = useApi();
  const ids = useId();
  const [url, setUrl] = useState(saved.url);
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setUrl(saved.url), [saved.url]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const outcome = await api.saveUpdateSettings({ url });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: `Not saved. ${outcome.error.message}` });
    setMessage({
      tone: 'ok',
      text: outcome.value.activeUrl
        ? `Saved. Updates come from ${outcome.value.activeUrl}.`
        : 'Saved. Updates are off.',
    });
  }

  return (
    <form onSubmit={(e) => void save(e)} aria-label="Update settings">
      <label className="field">
        <span>Update address</span>
        <input
          value={url}
          placeholder={saved.buildUrl || 'https://updates.example.com/counter-pos/'}
          aria-describedby={`${ids}-hint`}
          aria-invalid={message?.tone === 'error' || undefined}
          onChange={(e) => {
            setUrl(e.target.value);
            setMessage(null);
          }}
        />
      </label>
      <p className="hint" id={`${ids}-hint`}>
        The web folder new versions are published to. Empty:{' '}
        {saved.buildUrl ? `the address built in (${saved.buildUrl}).` : 'updates are off.'} A new version downloads in
        the background and installs the next time Counter POS is closed, never during a sale; the data file is backed up
        before the new version upgrades it.
      </p>
      <p className="hint" aria-live="polite">
        {saved.activeUrl ? `Updates come from ${saved.activeUrl}.` : 'Updates are off.'} {saved.status}
      </p>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save
        </button>
      </div>
      <Message message={message} />
    </form>
  );
}
