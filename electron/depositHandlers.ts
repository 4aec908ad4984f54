// Service work: the deposit methods (filled in by their service; see the markers in core/contract.ts).
import type { Handlers } from './handlers.ts';

type DepositHandlers = Pick<Handlers, never>;

export const depositHandlers: DepositHandlers = {};
