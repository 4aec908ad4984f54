// Invoices → Recurring: the recurring invoice templates (R-000001), Run due now, and one template's page with its
// lines and run log. (Placeholder: the recurring screens part fills it.)

export function RecurringScreen() {
  return (
    <section aria-label="Recurring invoices">
      <h1>Recurring invoices</h1>
    </section>
  );
}

export function RecurringTemplateScreen({ id }: { id: number | null; fromInvoice?: number | undefined }) {
  return (
    <section aria-label="Recurring invoice">
      <h1>{id === null ? 'New recurring invoice' : 'Recurring invoice'}</h1>
    </section>
  );
}
