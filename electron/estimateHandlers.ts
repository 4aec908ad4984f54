// Service work: the estimate methods (filled in by their service; see the markers in core/contract.ts).
import type { Handlers } from './handlers.ts';

type EstimateHandlers = Pick<Handlers, never>;

export const estimateHandlers: EstimateHandlers = {};
