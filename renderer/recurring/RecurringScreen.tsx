// Invoices → Recurring: the recurring invoice templates (R-000001) with their schedule, next run, last invoice and
// status, filtered by status; New recurring invoice; Run due now (the scheduler's pass on demand: it says what it
// made, that nothing was due, or which periods failed). One template opens in RecurringTemplateScreen.
import { useState } from 'react';
import { recurringStatusLabel, type RecurringStatus } from '../../core/enums.ts';
import type { RecurringRunReport } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { DocumentTable } from '../components/DocumentTable.tsx';
import { FilterSelect, QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';

export { RecurringTemplateScreen } from './RecurringTemplateScreen.tsx';

/** What a pass did, in one sentence per kind of outcome. */
export function runReportText(report: RecurringRunReport): { tone: 'ok' | 'error'; text: string } {
  const parts: string[] = [];
  const made = report.made.map((m) => m.invoiceNumber);
  if (made.length) parts.push(`Made ${made.length} invoice${made.length === 1 ? '' : 's'}: ${made.join(', ')}.`);
  for (const s of report.skipped) parts.push(`${s.templateNumber} (${s.periodDate}): ${s.message}`);
  for (const f of report.failed) parts.push(`${f.templateNumber} (${f.periodDate}) failed: ${f.message}`);
  if (parts.length === 0) parts.push('Nothing is due.');
  return { tone: report.failed.length ? 'error' : 'ok', text: parts.join(' ') };
}

export function RecurringScreen() {
  const api = useApi();
  const go = useNav((s) => s.go);
  const money = useMoney();
  const [status, setStatus] = useState<RecurringStatus | ''>('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<ScreenMessage>(null);
  const list = useApiQuery('listRecurring', status ? { status } : {});

  async function runDue() {
    setBusy(true);
    setMessage(null);
    const outcome = await api.runRecurringNow({});
    setBusy(false);
    setMessage(outcome.ok ? runReportText(outcome.value) : { tone: 'error', text: outcome.error.message });
  }

  return (
    <section className="recurring" aria-labelledby="recurring-title">
      <div className="screen-head">
        <h1 id="recurring-title">Recurring invoices</h1>
        <button type="button" onClick={() => go({ name: 'recurringTemplate', id: null })}>
          New recurring invoice
        </button>
        <button type="button" disabled={busy} onClick={() => void runDue()}>
          Run due now
        </button>
      </div>
      <Message message={message} />
      <div className="filters">
        <FilterSelect
          label="Status"
          value={status}
          any="All"
          options={Object.entries(recurringStatusLabel)}
          onChange={(v) => setStatus(v as RecurringStatus | '')}
        />
      </div>
      <QueryError state={list} />
      <DocumentTable
        label="Recurring invoices"
        rows={list.data}
        loaded={list.status === 'ok'}
        empty={status ? 'No recurring invoices with this status.' : 'No recurring invoices yet.'}
        open={(t) => go({ name: 'recurringTemplate', id: t.id })}
        columns={[
          { header: 'Customer', cell: (t) => t.customerName },
          { header: 'Frequency', cell: (t) => t.frequencyText },
          { header: 'Next run', cell: (t) => t.nextRunDate ?? '—' },
          {
            header: 'Last invoice',
            cell: (t) =>
              !t.lastRun ? (
                '—'
              ) : t.lastRun.invoiceId !== null ? (
                <button
                  type="button"
                  className="link"
                  onClick={() => go({ name: 'invoice', invoiceId: t.lastRun!.invoiceId! })}
                >
                  {t.lastRun.invoiceNumber}
                </button>
              ) : (
                `${t.lastRun.invoiceNumber} (deleted)`
              ),
          },
          { header: 'Runs', num: true, cell: (t) => t.runsMade },
          { header: 'Status', cell: (t) => recurringStatusLabel[t.status] },
          { header: 'Per run', num: true, cell: (t) => money.text(t.totalPerRunMinor) },
        ]}
      />
    </section>
  );
}
