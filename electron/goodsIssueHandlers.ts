// Stock movements: goods issues (GI-) and their reversals.
import type { Handlers } from './handlers.ts';

type GoodsIssueHandlers = Pick<Handlers, never>;

export const goodsIssueHandlers: GoodsIssueHandlers = {};
