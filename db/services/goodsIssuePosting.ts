// Posting a goods issue (the stock leaves) and reversing it (a new goods receipt brings the same stock back). Each is
// one transaction, needs a Manager (a write-off is a loss), and writes every stock change through stock.ts, so the
// ledger names GI-… for what left and GR-… for what came back.
import { goodsIssueReasonLabel, goodsIssueUnitStatus, serialStatusPhrase } from '../../core/enums.ts';
import { AppError, refuseStaleEdit } from '../../core/errors.ts';
import type { GoodsIssue } from '../../core/model.ts';
import { formatQtyMilli, QTY_SCALE } from '../../core/money.ts';
import { requireLocation } from './catalog.ts';
import { chunks, iso, nextNumber, type WriteCtx } from './context.ts';
import { getGoodsIssue, reasonPhrase, requireIssue, unitsNotIssuable } from './goodsIssues.ts';
import { requireManager } from './staff.ts';
import { adjustStock, recordSerialEvents, stockOnHand } from './stock.ts';

/**
 * Posts a Draft: units leave stock (status Issued, Scrapped or Lost by the reason) with an event naming the issue, and
 * the quantities of products without serials leave the location. Refused, with nothing written, when a unit is no
 * longer In stock there or a quantity is above what is on hand.
 */
export async function postGoodsIssue(
  ctx: WriteCtx,
  input: { id: number; revision?: number; approvalPin?: string },
): Promise<GoodsIssue> {
  const { db } = ctx;
  const row = await requireIssue(db, input.id);
  if (row.status === 'posted') throw new AppError('conflict', `${row.number} is already posted.`);
  refuseStaleEdit(row.number, input.revision, row.revision, 'it was not posted');
  const issue = await getGoodsIssue(ctx, row.id);
  const location = await requireLocation(ctx, row.location_id);

  // Drafts reserve nothing: what they name is checked again now.
  const unavailable = await unitsNotIssuable(
    ctx,
    location,
    issue.lines.map((l) => ({ productId: l.productId, serialIds: l.units.map((u) => u.id) })),
  );
  if (unavailable.length > 0)
    throw new AppError('serial_unavailable', `Not posted: ${unavailable.join('; ')}.`, { reasons: unavailable });
  const plain = new Map<number, { name: string; qty: number }>();
  for (const l of issue.lines.filter((l) => !l.serialized)) {
    const sum = plain.get(l.productId) ?? { name: l.productName, qty: 0 };
    sum.qty += l.qty;
    plain.set(l.productId, sum);
  }
  const short = (await stockOnHand(ctx, [...plain.keys()], location.id)).flatMap((s) => {
    const want = plain.get(s.productId)!;
    return want.qty > s.onHandMilli
      ? [
          `${row.number} takes ${formatQtyMilli(want.qty)} ${want.name} but only ${formatQtyMilli(s.onHandMilli)} ` +
            `${s.onHandMilli === QTY_SCALE ? 'is' : 'are'} on hand at ${location.name}`,
        ]
      : [];
  });
  if (short.length > 0) throw new AppError('conflict', `Not posted: ${short.join('; ')}.`, { field: 'lines' });

  const approver = await requireManager(
    ctx,
    input.approvalPin,
    `posting ${row.number} (${goodsIssueReasonLabel[row.reason]})`,
  );
  const at = iso(ctx.now());
  await db
    .updateTable('goods_issues')
    .set({
      status: 'posted',
      posted_at: at,
      posted_by: approver && approver !== ctx.actor ? `${ctx.actor}, approved by ${approver}` : ctx.actor,
      revision: row.revision + 1,
    })
    .where('id', '=', row.id)
    .execute();

  const serialIds = issue.lines.flatMap((l) => l.units.map((u) => u.id));
  const status = goodsIssueUnitStatus[row.reason];
  for (const part of chunks(serialIds, 500))
    await db.updateTable('serials').set({ status, customer_id: null }).where('id', 'in', part).execute();
  const kind = row.reason === 'lost' ? 'lost' : 'issued';
  const note = `${kind} on ${row.number} — ${reasonPhrase(row.reason, row.reason_text)}`;
  await recordSerialEvents(
    ctx,
    serialIds.map((serialId) => ({
      serialId,
      kind,
      note,
      locationId: location.id,
      goodsIssueId: row.id,
      stock: -1 as const,
    })),
    at,
  );
  await adjustStock(
    ctx,
    [...plain].map(([productId, p]) => ({ productId, locationId: location.id, delta: -p.qty })),
    { doc: 'goods_issue', id: row.id },
  );
  return getGoodsIssue(ctx, row.id);
}

/**
 * Reverses a posted issue with a new goods receipt (GR-…, reference "Reversal of GI-…", naming the issue): the same
 * units come back In stock at the issue's location, and the same quantities. Once per issue; refused when a unit has
 * moved on since (it is no longer what the issue left it).
 */
export async function reverseGoodsIssue(
  ctx: WriteCtx,
  input: { id: number; approvalPin?: string },
): Promise<GoodsIssue> {
  const { db } = ctx;
  const row = await requireIssue(db, input.id);
  if (row.status !== 'posted')
    throw new AppError('conflict', `${row.number} is a draft: nothing left stock yet, so there is nothing to reverse.`);
  const earlier = await db
    .selectFrom('goods_receipts')
    .select('number')
    .where('goods_issue_id', '=', row.id)
    .executeTakeFirst();
  if (earlier) throw new AppError('conflict', `${row.number} is already reversed, on ${earlier.number}.`);
  const issue = await getGoodsIssue(ctx, row.id);
  const location = await requireLocation(ctx, row.location_id);
  const left = goodsIssueUnitStatus[row.reason];
  const unitIds = issue.lines.flatMap((l) => l.units.map((u) => u.id));
  const moved: string[] = [];
  for (const part of chunks(unitIds, 500)) {
    for (const u of await db
      .selectFrom('serials as s')
      .innerJoin('locations as l', 'l.id', 's.location_id')
      .select(['s.serial', 's.status', 's.location_id', 's.deleted_at', 'l.name as locationName'])
      .where('s.id', 'in', part)
      .orderBy('s.serial')
      .execute()) {
      if (u.deleted_at !== null) moved.push(`${u.serial} was deleted since`);
      else if (u.status !== left || u.location_id !== location.id)
        moved.push(`${u.serial} has moved on since: it is ${serialStatusPhrase[u.status]} at ${u.locationName}`);
    }
  }
  if (moved.length > 0)
    throw new AppError('conflict', `${row.number} was not reversed: ${moved.join('; ')}.`, { reasons: moved });

  await requireManager(ctx, input.approvalPin, `reversing ${row.number}`);
  const at = iso(ctx.now());
  // A goods receipt numbered as receiveGoods numbers them (receiving.ts), but for units that already exist.
  const number = await nextNumber(ctx, 'goods_receipt', 'GR-');
  const receipt = await db
    .insertInto('goods_receipts')
    .values({
      number,
      location_id: location.id,
      source: 'receipt',
      reference: `Reversal of ${row.number}`,
      received_at: at,
      actor: ctx.actor,
      purchase_order_id: null,
      goods_issue_id: row.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('goods_receipt_lines')
    .values(
      issue.lines.map((l) => ({
        receipt_id: receipt.id,
        product_id: l.productId,
        qty: l.qty / QTY_SCALE,
        unit_cost_minor: 0,
      })),
    )
    .execute();
  for (const part of chunks(unitIds, 500))
    await db.updateTable('serials').set({ status: 'in_stock', customer_id: null }).where('id', 'in', part).execute();
  await recordSerialEvents(
    ctx,
    unitIds.map((serialId) => ({
      serialId,
      kind: 'received',
      note: `received on ${number} (reversal of ${row.number})`,
      locationId: location.id,
      receiptId: receipt.id,
      goodsIssueId: row.id,
      stock: 1 as const,
    })),
    at,
  );
  await adjustStock(
    ctx,
    issue.lines
      .filter((l) => !l.serialized)
      .map((l) => ({ productId: l.productId, locationId: location.id, delta: l.qty })),
    { doc: 'receipt', id: receipt.id },
  );
  return getGoodsIssue(ctx, row.id);
}
