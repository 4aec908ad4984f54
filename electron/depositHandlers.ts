// Service work: the deposit methods: Settings → Deposits, a ticket's deposits, Take deposit and Refund deposit.
import { refundDeposit } from '../db/services/depositRefunds.ts';
import {
  getDepositSettings,
  saveDepositProduct,
  saveDepositSettings,
  takeDeposit,
  ticketDeposits,
} from '../db/services/deposits.ts';
import type { Handlers } from './handlers.ts';

type DepositHandlers = Pick<
  Handlers,
  | 'getDepositSettings'
  | 'saveDepositSettings'
  | 'saveDepositProduct'
  | 'ticketDeposits'
  | 'takeDeposit'
  | 'refundDeposit'
>;

export const depositHandlers: DepositHandlers = {
  getDepositSettings: (ctx) => getDepositSettings(ctx),
  saveDepositSettings: (ctx, input) => saveDepositSettings(ctx, input),
  saveDepositProduct: (ctx, input) => saveDepositProduct(ctx, input),
  ticketDeposits: (ctx, { ticketId }) => ticketDeposits(ctx, ticketId),
  takeDeposit: (ctx, input) => takeDeposit(ctx, input),
  refundDeposit: (ctx, input) => refundDeposit(ctx, input),
};
