// Service work → units for a ticket: Order for this ticket, reserve an In stock unit, a manager's release, and what a
// serialized line item has (core/contract.ts, under "Service work: purchase orders for a ticket, reserved units").
import {
  chargeSerialInfo,
  orderForTicket,
  releaseReservation,
  reserveUnitForTicket,
} from '../db/services/ticketReservations.ts';
import type { Handlers } from './handlers.ts';

type TicketReservationHandlers = Pick<
  Handlers,
  'chargeSerialInfo' | 'orderForTicket' | 'reserveUnitForTicket' | 'releaseReservation'
>;

export const ticketReservationHandlers: TicketReservationHandlers = {
  chargeSerialInfo: (ctx, { ticketId, chargeId }) => chargeSerialInfo(ctx, ticketId, chargeId),
  orderForTicket: (ctx, input) => orderForTicket(ctx, input),
  reserveUnitForTicket: (ctx, input) => reserveUnitForTicket(ctx, input),
  releaseReservation: (ctx, input) => releaseReservation(ctx, input),
};
