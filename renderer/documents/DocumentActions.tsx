// Download PDF and Print for a saved document (an invoice, a credit note, a purchase order): the one print template,
// made by the host. Download saves the PDF; Print shows the system print dialog (the desktop) or the browser's.
import { useState } from 'react';
import type { DocumentKind } from '../../core/enums.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { desktopPrint, downloadFile, printHtml } from './download.ts';

/** `of` names the document in the buttons' accessible names where several are listed (a credit note's row). */
export function DocumentActions({
  kind,
  id,
  of,
  disabled = false,
}: {
  kind: DocumentKind;
  id: number;
  of?: string;
  disabled?: boolean;
}) {
  const api = useApi();
  const [busy, setBusy] = useState<'pdf' | 'print' | null>(null);
  const [message, setMessage] = useState<ScreenMessage>(null);

  async function download() {
    setBusy('pdf');
    setMessage(null);
    const outcome = await api.documentPdf({ kind, id });
    setBusy(null);
    if (!outcome.ok) return setMessage({ tone: 'error', text: `No PDF was made: ${outcome.error.message}` });
    downloadFile(outcome.value);
    return setMessage({ tone: 'ok', text: `Downloaded ${outcome.value.fileName}.` });
  }

  async function print() {
    setBusy('print');
    setMessage(null);
    const desktop = desktopPrint();
    let outcome;
    if (desktop) outcome = await desktop(kind, id);
    else {
      const doc = await api.documentHtml({ kind, id });
      outcome = doc.ok ? await printHtml(doc.value) : { ok: false as const, message: doc.error.message };
    }
    setBusy(null);
    if (!outcome.ok) setMessage({ tone: 'error', text: outcome.message });
  }

  return (
    <span className="document-actions">
      <button
        type="button"
        aria-label={of ? `Download PDF of ${of}` : undefined}
        disabled={disabled || busy !== null}
        onClick={() => void download()}
      >
        {busy === 'pdf' ? 'Making PDF…' : 'Download PDF'}
      </button>
      <button
        type="button"
        aria-label={of ? `Print ${of}` : undefined}
        disabled={disabled || busy !== null}
        onClick={() => void print()}
      >
        {busy === 'print' ? 'Printing…' : 'Print'}
      </button>
      <Message message={message} />
    </span>
  );
}
