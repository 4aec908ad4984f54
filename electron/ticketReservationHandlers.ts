// Service work: the ticketReservation methods (filled in by their service; see the markers in core/contract.ts).
import type { Handlers } from './handlers.ts';

type TicketReservationHandlers = Pick<Handlers, never>;

export const ticketReservationHandlers: TicketReservationHandlers = {};
