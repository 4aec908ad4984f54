// Stock movements: stock counts (SC-) and the adjustments (ADJ-) they post.
import { postStockCount } from '../db/services/stockCountPost.ts';
import { getStockCount } from '../db/services/stockCountReview.ts';
import { countScan, removeCountScan } from '../db/services/stockCountScan.ts';
import { cancelStockCount, listStockCounts, startStockCount } from '../db/services/stockCounts.ts';
import type { Handlers } from './handlers.ts';

type StockCountHandlers = Pick<
  Handlers,
  | 'listStockCounts'
  | 'getStockCount'
  | 'startStockCount'
  | 'countScan'
  | 'removeCountScan'
  | 'postStockCount'
  | 'cancelStockCount'
>;

export const stockCountHandlers: StockCountHandlers = {
  listStockCounts: (ctx, filter) => listStockCounts(ctx, filter),
  getStockCount: (ctx, { id }) => getStockCount(ctx, id),
  startStockCount: (ctx, input) => startStockCount(ctx, input),
  countScan: (ctx, input) => countScan(ctx, input),
  removeCountScan: (ctx, input) => removeCountScan(ctx, input),
  postStockCount: (ctx, input) => postStockCount(ctx, input),
  cancelStockCount: (ctx, input) => cancelStockCount(ctx, input),
};
