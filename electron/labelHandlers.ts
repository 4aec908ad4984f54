// Stock movements: barcode labels for units (Code 128 SN:, GS1 DataMatrix) and on-hand per location.
import type { Handlers } from './handlers.ts';

type LabelHandlers = Pick<Handlers, never>;

export const labelHandlers: LabelHandlers = {};
