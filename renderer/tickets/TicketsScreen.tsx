// Service → Tickets: the list (number, customer, title, status, billing status, updated), filtered by status and
// billing status, with New ticket. One ticket's page is TicketScreen.tsx.
import { useState } from 'react';
import { BILLING_STATUSES, billingStatusLabel, type BillingStatus } from '../../core/enums.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { DocumentTable } from '../components/DocumentTable.tsx';
import { FilterSelect, QueryError } from '../components/Filters.tsx';
import { useNav } from '../stores/nav.ts';

export { TicketScreen } from './TicketScreen.tsx';

export function TicketsScreen() {
  const go = useNav((s) => s.go);
  const [statusId, setStatusId] = useState('');
  const [billing, setBilling] = useState<BillingStatus | ''>('');
  const settings = useApiQuery('getTicketSettings', {});
  const list = useApiQuery('listTickets', {
    ...(statusId ? { statusId: Number(statusId) } : {}),
    ...(billing ? { billingStatus: billing } : {}),
  });
  return (
    <section className="tickets" aria-label="Tickets">
      <div className="screen-head">
        <h1>Tickets</h1>
        <button type="button" onClick={() => go({ name: 'ticket', id: null })}>
          New ticket
        </button>
      </div>
      <div className="filters">
        <FilterSelect
          label="Status"
          value={statusId}
          any="Any status"
          options={(settings.data?.statuses ?? []).map((s) => [String(s.id), s.name] as [string, string])}
          onChange={setStatusId}
        />
        <FilterSelect
          label="Billing status"
          value={billing}
          any="Any billing status"
          options={BILLING_STATUSES.map((b) => [b, billingStatusLabel[b]] as [string, string])}
          onChange={(v) => setBilling(v as BillingStatus | '')}
        />
      </div>
      <QueryError state={list} />
      <DocumentTable
        label="Tickets"
        rows={list.data}
        loaded={list.status === 'ok'}
        empty={'No tickets yet.'}
        open={(t) => go({ name: 'ticket', id: t.id })}
        columns={[
          { header: 'Customer', cell: (t) => t.customerName },
          { header: 'Title', cell: (t) => t.title },
          { header: 'Status', cell: (t) => t.statusName },
          { header: 'Billing status', cell: (t) => billingStatusLabel[t.billingStatus] },
          { header: 'Updated', cell: (t) => t.updatedAt.slice(0, 10) },
        ]}
      />
    </section>
  );
}
