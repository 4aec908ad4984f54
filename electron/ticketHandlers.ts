// Service work: tickets, Settings → Tickets, the labour log, line items and Make Invoice.
import { makeTicketInvoice } from '../db/services/ticketInvoice.ts';
import {
  addLabourEntry,
  addTicketItem,
  editTicketItem,
  removeTicketItem,
  setLabourCharged,
  startLabourTimer,
  stopLabourTimer,
} from '../db/services/ticketLabour.ts';
import {
  getTicket,
  getTicketSettings,
  listTickets,
  moveTicketStatus,
  saveTicket,
  saveTicketSettings,
  saveTicketStatus,
} from '../db/services/tickets.ts';
import type { Handlers } from './handlers.ts';

type TicketHandlers = Pick<
  Handlers,
  | 'getTicketSettings'
  | 'saveTicketSettings'
  | 'saveTicketStatus'
  | 'moveTicketStatus'
  | 'listTickets'
  | 'getTicket'
  | 'saveTicket'
  | 'startLabourTimer'
  | 'stopLabourTimer'
  | 'addLabourEntry'
  | 'setLabourCharged'
  | 'addTicketItem'
  | 'editTicketItem'
  | 'removeTicketItem'
  | 'makeTicketInvoice'
>;

export const ticketHandlers: TicketHandlers = {
  getTicketSettings: (ctx) => getTicketSettings(ctx),
  saveTicketSettings: (ctx, input) => saveTicketSettings(ctx, input),
  saveTicketStatus: (ctx, input) => saveTicketStatus(ctx, input),
  moveTicketStatus: (ctx, input) => moveTicketStatus(ctx, input),
  listTickets: (ctx, filter) => listTickets(ctx, filter),
  getTicket: (ctx, { id }) => getTicket(ctx, id),
  saveTicket: (ctx, input) => saveTicket(ctx, input),
  startLabourTimer: (ctx, input) => startLabourTimer(ctx, input),
  stopLabourTimer: (ctx, { labourId }) => stopLabourTimer(ctx, labourId),
  addLabourEntry: (ctx, input) => addLabourEntry(ctx, input),
  setLabourCharged: (ctx, { labourId, charged }) => setLabourCharged(ctx, labourId, charged),
  addTicketItem: (ctx, input) => addTicketItem(ctx, input),
  editTicketItem: (ctx, input) => editTicketItem(ctx, input),
  removeTicketItem: (ctx, { chargeId }) => removeTicketItem(ctx, chargeId),
  makeTicketInvoice: (ctx, input) => makeTicketInvoice(ctx, input),
};
