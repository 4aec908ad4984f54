// Stock movements: transfers, one-step transfers from the counter (Transfer here).
import type { Handlers } from './handlers.ts';

type TransferHandlers = Pick<Handlers, never>;

export const transferHandlers: TransferHandlers = {};
