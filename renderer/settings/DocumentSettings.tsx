// Settings → Documents: the paper printed documents are laid out for (A4 or US Letter) and the shop's logo on them
// (a PNG, JPEG or SVG file, kept in the store as a data: URL). Admin only (the store refuses others).
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import type { PaperSize } from '../../core/enums.ts';
import type { DocumentSettings } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';

const PAPER_LABEL: Record<PaperSize, string> = { a4: 'A4 (210 × 297 mm)', letter: 'US Letter (8.5 × 11 in)' };
const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'];
/** What the store takes (its data: URL under 1.5 MB of text). */
const MAX_LOGO_BYTES = 1_000_000;

export function DocumentSection() {
  const settings = useApiQuery('getDocumentSettings', {});
  return (
    <>
      <QueryError state={settings} />
      {settings.data && <DocumentForm saved={settings.data} />}
    </>
  );
}

/** The file as a data: URL. */
const readAsDataUrl = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });

function DocumentForm({ saved }: { saved: DocumentSettings }) {
  const api = useApi();
  const ids = useId();
  const [values, setValues] = useState<DocumentSettings>(saved);
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [logoError, setLogoError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (patch: Partial<DocumentSettings>) => {
    setValues((v) => ({ ...v, ...patch }));
    setMessage(null);
    setLogoError(null);
  };

  async function pickLogo(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (!LOGO_TYPES.includes(file.type))
      return setLogoError(`${file.name} is not a PNG, JPEG or SVG image: choose one of those.`);
    if (file.size > MAX_LOGO_BYTES) return setLogoError(`${file.name} is too large: use an image under 1 MB.`);
    try {
      const url = await readAsDataUrl(file);
      return set({ logoDataUrl: url.replace(/^data:image\/svg\+xml;[^,]*base64,/, 'data:image/svg+xml;base64,') });
    } catch (error) {
      return setLogoError(`${file.name} could not be read: ${(error as Error).message}.`);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const outcome = await api.saveDocumentSettings(values);
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: `Not saved. ${outcome.error.message}` });
    setValues(outcome.value);
    return setMessage({
      tone: 'ok',
      text: `Saved the document settings: ${PAPER_LABEL[outcome.value.paperSize]}, ${outcome.value.logoDataUrl ? 'with the logo' : 'no logo'}.`,
    });
  }

  return (
    <form className="form settings-form" onSubmit={(e) => void submit(e)} aria-label="Document settings">
      <section aria-labelledby={`${ids}-head`}>
        <h2 id={`${ids}-head`}>Documents</h2>
        <p className="hint">Invoices, credit notes and purchase orders, printed or as PDF.</p>
        <label className="field">
          <span>Paper</span>
          <select value={values.paperSize} onChange={(e) => set({ paperSize: e.target.value as PaperSize })}>
            {(Object.keys(PAPER_LABEL) as PaperSize[]).map((p) => (
              <option key={p} value={p}>
                {PAPER_LABEL[p]}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <span id={`${ids}-logo`}>Logo</span>
          {values.logoDataUrl ? (
            <img className="logo-preview" src={values.logoDataUrl} alt="The logo on documents" />
          ) : (
            <p className="hint">No logo: documents show the shop&rsquo;s name.</p>
          )}
          <label className="field">
            <span>Logo file (PNG, JPEG or SVG)</span>
            <input
              type="file"
              accept={LOGO_TYPES.join(',')}
              aria-invalid={logoError ? true : undefined}
              aria-describedby={logoError ? `${ids}-logo-error` : undefined}
              onChange={(e) => void pickLogo(e)}
            />
          </label>
          {values.logoDataUrl && (
            <button type="button" onClick={() => set({ logoDataUrl: '' })}>
              Remove logo
            </button>
          )}
          {logoError && (
            <p id={`${ids}-logo-error`} role="alert" className="message error">
              {logoError}
            </p>
          )}
        </div>
      </section>
      <Message message={message} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Save document settings
        </button>
      </div>
    </form>
  );
}
