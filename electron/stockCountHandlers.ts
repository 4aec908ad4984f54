// Stock movements: stock counts (SC-) and the adjustments (ADJ-) they post.
import type { Handlers } from './handlers.ts';

type StockCountHandlers = Pick<Handlers, never>;

export const stockCountHandlers: StockCountHandlers = {};
