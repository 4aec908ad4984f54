// Service work → Tickets: the list, and one ticket (T-000001). Placeholder until the ticket screens land.

export function TicketsScreen() {
  return (
    <section aria-labelledby="tickets-title">
      <h1 id="tickets-title">Tickets</h1>
    </section>
  );
}

export function TicketScreen({ id }: { id: number | null }) {
  return (
    <section aria-labelledby="ticket-title">
      <h1 id="ticket-title">{id === null ? 'New ticket' : 'Ticket'}</h1>
    </section>
  );
}
