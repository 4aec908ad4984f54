// The Invoices page's "Bulk actions" menu on the ticked invoices: Mark sent, Quick pay, Void (after a confirmation),
// Email (each to its customer's address, with its PDF) and Export CSV. Each invoice is its own transaction in the
// store; the report says how many were done and which were refused, and why.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { InvoiceBulkAction } from '../../core/enums.ts';
import type { BulkResult, InvoiceSummary } from '../../core/model.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { downloadText, invoicesCsv } from './invoicesCsv.ts';
import { PdfBatch } from '../documents/PdfBatch.tsx';

export interface BulkReport {
  /** "Mark sent", "Quick pay", "Void", "Export CSV", or an error. */
  action: string;
  done: number;
  refused: BulkResult['refused'];
  error?: string;
}

const ACTIONS: ReadonlyArray<{ action: InvoiceBulkAction | 'export' | 'pdfs'; label: string }> = [
  { action: 'send', label: 'Mark sent' },
  { action: 'quick_pay', label: 'Quick pay' },
  { action: 'void', label: 'Void' },
  { action: 'email', label: 'Email' },
  { action: 'export', label: 'Export CSV' },
  { action: 'pdfs', label: 'Download PDFs' },
];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function BulkActions({
  selected,
  onReport,
}: {
  selected: readonly InvoiceSummary[];
  onReport: (report: BulkReport, doneIds: number[]) => void;
}) {
  const api = useApi();
  const money = useMoney();
  const [open, setOpen] = useState(false);
  const [confirmVoid, setConfirmVoid] = useState(false);
  const [busy, setBusy] = useState(false);
  /** The invoices a Download PDFs batch is making (its progress shows until closed). */
  const [pdfBatch, setPdfBatch] = useState<number[] | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const count = selected.length;

  useEffect(() => {
    if (!open) return undefined;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  function onMenuKey(event: KeyboardEvent) {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(items.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') {
      setOpen(false);
      if (event.key === 'Escape') button.current?.focus();
    } else return;
    if (event.key !== 'Tab') event.preventDefault();
  }

  async function run(action: InvoiceBulkAction, label: string) {
    setBusy(true);
    const outcome = await api.bulkInvoices({ action, ids: selected.map((r) => r.id) });
    setBusy(false);
    if (!outcome.ok) return onReport({ action: label, done: 0, refused: [], error: outcome.error.message }, []);
    const { done, refused } = outcome.value;
    return onReport(
      { action: label, done: done.length, refused },
      done.map((d) => d.id),
    );
  }

  function choose(action: InvoiceBulkAction | 'export' | 'pdfs', label: string) {
    setOpen(false);
    if (action === 'pdfs') return setPdfBatch(selected.map((r) => r.id));
    if (action === 'export') {
      downloadText(invoicesCsv(selected, money.input), 'invoices.csv');
      onReport({ action: label, done: count, refused: [] }, []);
    } else if (action === 'void') setConfirmVoid(true);
    else void run(action, label);
  }

  return (
    <div className="bulk">
      <span className="bulk-count" aria-live="polite">
        {count === 0 ? 'None selected' : `${plural(count, 'invoice')} selected`}
      </span>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={count === 0 || busy}
        onClick={() => setOpen((o) => !o)}
      >
        Bulk actions
      </button>
      {open && (
        <ul ref={menu} role="menu" aria-label="Bulk actions" className="menu" onKeyDown={onMenuKey}>
          {ACTIONS.map((a) => (
            <li key={a.action} role="none">
              <button type="button" role="menuitem" tabIndex={-1} onClick={() => choose(a.action, a.label)}>
                {a.label}
              </button>
            </li>
          ))}
        </ul>
      )}
      {pdfBatch && <PdfBatch key={pdfBatch.join(',')} ids={pdfBatch} onClose={() => setPdfBatch(null)} />}
      {confirmVoid && (
        <Dialog title={`Void ${plural(count, 'invoice')}?`} onClose={() => setConfirmVoid(false)}>
          <p>
            Each becomes Void and keeps its number. Its serials go back in stock where they are, with a history event,
            and its other stock is returned.
          </p>
          <p>
            An invoice with payments is not voided here: void it from the invoice, to choose whether they are refunded
            or kept as store credit.
          </p>
          <div className="dialog-actions">
            <button
              type="button"
              className="danger"
              data-autofocus
              onClick={() => {
                setConfirmVoid(false);
                void run('void', 'Void');
              }}
            >
              Void {plural(count, 'invoice')}
            </button>
            <button type="button" onClick={() => setConfirmVoid(false)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

/** The report of the last bulk action: how many were done, and each refusal with its reason. */
export function BulkReportMessage({ report }: { report: BulkReport }) {
  if (report.error)
    return (
      <p role="alert" className="message error">
        {report.action}: {report.error}
      </p>
    );
  const { action, done, refused } = report;
  const verb = action === 'Export CSV' ? 'exported' : 'done';
  const summary =
    refused.length === 0
      ? `${action}: ${plural(done, 'invoice')} ${verb}.`
      : `${action}: ${done} of ${done + refused.length} done; ${refused.length} refused.`;
  return (
    <div role="status" className={`message ${refused.length === 0 ? 'ok' : 'warn'} bulk-report`}>
      <p>{summary}</p>
      {refused.length > 0 && (
        <ul aria-label="Refused">
          {refused.map((r) => (
            <li key={r.id}>{!r.number || r.message.startsWith(r.number) ? r.message : `${r.number}: ${r.message}`}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
