// Stock movements: transfers, one-step transfers from the counter (Transfer here).
import {
  cancelTransfer,
  getTransfer,
  listTransfers,
  markTransferUnitFound,
  writeOffMissingUnit,
  receiveTransfer,
  saveTransfer,
  sendTransfer,
  transferHere,
} from '../db/services/transfers.ts';
import type { Handlers } from './handlers.ts';

type TransferHandlers = Pick<
  Handlers,
  | 'listTransfers'
  | 'getTransfer'
  | 'saveTransfer'
  | 'sendTransfer'
  | 'receiveTransfer'
  | 'markTransferUnitFound'
  | 'writeOffMissingUnit'
  | 'cancelTransfer'
  | 'transferHere'
>;

export const transferHandlers: TransferHandlers = {
  listTransfers: (ctx, filter) => listTransfers(ctx, filter),
  getTransfer: (ctx, { id }) => getTransfer(ctx, id),
  saveTransfer: (ctx, input) => saveTransfer(ctx, input),
  sendTransfer: (ctx, { id, oneStep }) => sendTransfer(ctx, id, oneStep),
  receiveTransfer: (ctx, input) => receiveTransfer(ctx, input),
  markTransferUnitFound: (ctx, { id, serialId }) => markTransferUnitFound(ctx, id, serialId),
  cancelTransfer: (ctx, { id }) => cancelTransfer(ctx, id),
  writeOffMissingUnit: (ctx, input) => writeOffMissingUnit(ctx, input),
  transferHere: (ctx, { serialId, locationId }) => transferHere(ctx, serialId, locationId),
};
