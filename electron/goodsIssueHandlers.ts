// Stock movements: goods issues (GI-) and their reversals.
import { deleteGoodsIssue, getGoodsIssue, listGoodsIssues, saveGoodsIssue } from '../db/services/goodsIssues.ts';
import { postGoodsIssue, reverseGoodsIssue } from '../db/services/goodsIssuePosting.ts';
import type { Handlers } from './handlers.ts';

type GoodsIssueHandlers = Pick<
  Handlers,
  'listGoodsIssues' | 'getGoodsIssue' | 'saveGoodsIssue' | 'postGoodsIssue' | 'deleteGoodsIssue' | 'reverseGoodsIssue'
>;

export const goodsIssueHandlers: GoodsIssueHandlers = {
  listGoodsIssues: (ctx, filter) => listGoodsIssues(ctx, filter),
  getGoodsIssue: (ctx, { id }) => getGoodsIssue(ctx, id),
  saveGoodsIssue: (ctx, input) => saveGoodsIssue(ctx, input),
  postGoodsIssue: (ctx, input) => postGoodsIssue(ctx, input),
  deleteGoodsIssue: (ctx, { id }) => deleteGoodsIssue(ctx, id),
  reverseGoodsIssue: (ctx, input) => reverseGoodsIssue(ctx, input),
};
