// Service work → Estimates: the estimate methods (core/contract.ts, under "Service work: estimates").
import { logEmail } from '../db/services/email.ts';
import { emailEstimate } from '../db/services/estimateEmail.ts';
import { convertEstimateToInvoice, convertEstimateToTicket } from '../db/services/estimateConversion.ts';
import { getEstimate, listEstimates, saveEstimate, setEstimateStatus } from '../db/services/estimates.ts';
import { mailHost } from './emailHandlers.ts';
import type { Handlers } from './handlers.ts';

type EstimateHandlers = Pick<
  Handlers,
  | 'listEstimates'
  | 'getEstimate'
  | 'saveEstimate'
  | 'setEstimateStatus'
  | 'convertEstimateToTicket'
  | 'convertEstimateToInvoice'
  | 'emailEstimate'
>;

export const estimateHandlers: EstimateHandlers = {
  listEstimates: (ctx, filter) => listEstimates(ctx, filter),
  getEstimate: (ctx, { id }) => getEstimate(ctx, id),
  saveEstimate: (ctx, input) => saveEstimate(ctx, input),
  setEstimateStatus: (ctx, { id, status }) => setEstimateStatus(ctx, id, status),
  convertEstimateToTicket: (ctx, { id }) => convertEstimateToTicket(ctx, id),
  convertEstimateToInvoice: (ctx, { id, confirmSerialized }) => convertEstimateToInvoice(ctx, id, confirmSerialized),
  emailEstimate: async (ctx, input) => logEmail(await emailEstimate(ctx, mailHost(ctx), input), 'estimate'),
};
