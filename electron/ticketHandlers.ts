// Service work: the ticket methods (filled in by their service; see the markers in core/contract.ts).
import type { Handlers } from './handlers.ts';

type TicketHandlers = Pick<Handlers, never>;

export const ticketHandlers: TicketHandlers = {};
