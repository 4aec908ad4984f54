import { AppError } from '../errors.ts';
import type { ReceiptResult } from '../model.ts';
import type { GoodsReceiptsTable } from '../schema.ts';
import { productsById, requireLocation } from './catalog.ts';
import { chunks, iso, nextNumber, type Ctx } from './context.ts';

export interface ReceiveSerial { serial: string; conditionNotes?: string }

export interface ReceiveLine {
  productId: number;
  qty: number;
  unitCostMinor?: number;
  /** Exactly `qty` serials for a serialized product; none otherwise. */
  serials?: ReceiveSerial[];
}

export interface ReceiveGoodsInput {
  locationId: number;
  lines: ReceiveLine[];
  source?: GoodsReceiptsTable['source'];
  /** Free text shown in history, e.g. the vendor's delivery note or "PO-000001". */
  reference?: string;
}

export interface ReceiptProblem {
  line: number; // 1-based line of the receipt
  serial: string;
  reason: 'empty' | 'duplicate_in_receipt' | 'already_exists';
  message: string;
}

/**
 * A goods receipt: the one way serialized stock enters the store (purchase orders and CSV
 * import call this too). All or nothing: every refusal is collected and reported together,
 * and nothing is written unless the whole receipt is valid. Runs inside the caller's transaction.
 */
export async function receiveGoods(ctx: Ctx, input: ReceiveGoodsInput): Promise<ReceiptResult> {
  const { db } = ctx;
  const location = await requireLocation(db, input.locationId);
  if (input.lines.length === 0) throw new AppError('invalid_input', 'A receipt needs at least one line.');
  const products = await productsById(db, input.lines);

  const problems: ReceiptProblem[] = [];
  const lineErrors: string[] = [];
  // Trimmed serials per product, to check duplicates within the receipt and against the store.
  const wanted = new Map<number, Map<string, number>>(); // productId → serial → receipt line

  input.lines.forEach((line, index) => {
    const n = index + 1;
    const product = products.get(line.productId);
    if (!product) return void lineErrors.push(`Line ${n}: no product with id ${line.productId}.`);
    if (!Number.isSafeInteger(line.qty) || line.qty <= 0) return void lineErrors.push(`Line ${n}: quantity must be a whole number above 0.`);
    if (!product.maintain_stock) return void lineErrors.push(`Line ${n}: ${product.name} is a service and keeps no stock.`);
    const serials = line.serials ?? [];
    if (!product.serialized) {
      if (serials.length > 0) lineErrors.push(`Line ${n}: ${product.name} is not serial-tracked; remove the serials.`);
      return;
    }
    if (serials.length !== line.qty) {
      lineErrors.push(`Line ${n}: ${product.name} needs exactly ${line.qty} serial${line.qty === 1 ? '' : 's'}, got ${serials.length}.`);
    }
    const seen = wanted.get(product.id) ?? new Map<string, number>();
    wanted.set(product.id, seen);
    for (const raw of serials) {
      const serial = raw.serial.trim();
      if (!serial) problems.push({ line: n, serial: raw.serial, reason: 'empty', message: `Line ${n}: an empty serial.` });
      else if (seen.has(serial)) problems.push({ line: n, serial, reason: 'duplicate_in_receipt', message: `${serial} is entered twice in this receipt.` });
      else seen.set(serial, n);
    }
  });

  for (const [productId, serials] of wanted) {
    for (const part of chunks([...serials.keys()], 500)) {
      const existing = await db
        .selectFrom('serials')
        .select('serial')
        .where('product_id', '=', productId)
        .where('serial', 'in', part)
        .execute();
      const name = products.get(productId)?.name ?? `product ${productId}`;
      for (const { serial } of existing) {
        problems.push({ line: serials.get(serial) ?? 0, serial, reason: 'already_exists', message: `${serial} already exists for ${name}.` });
      }
    }
  }

  if (lineErrors.length > 0 || problems.length > 0) {
    const offending = problems.map((p) => p.serial);
    const summary = [
      ...lineErrors,
      ...(problems.length > 0 ? [`${problems.length} serial${problems.length === 1 ? '' : 's'} refused: ${problems.map((p) => p.message).join(' ')}`] : []),
    ].join(' ');
    throw new AppError('receipt_invalid', `Nothing was received. ${summary}`, { lineErrors, problems, offendingSerials: offending });
  }

  const at = iso(ctx.now());
  const number = await nextNumber(db, 'goods_receipt', 'GR-');
  const receipt = await db
    .insertInto('goods_receipts')
    .values({ number, location_id: location.id, source: input.source ?? 'receipt', reference: input.reference ?? '', received_at: at, actor: ctx.actor })
    .returning('id')
    .executeTakeFirstOrThrow();

  await db
    .insertInto('goods_receipt_lines')
    .values(input.lines.map((l) => ({ receipt_id: receipt.id, product_id: l.productId, qty: l.qty, unit_cost_minor: l.unitCostMinor ?? 0 })))
    .execute();

  const serialIds: number[] = [];
  const note = input.reference ? `received on ${input.reference} (${number})` : `received on ${number}`;
  for (const line of input.lines) {
    const product = products.get(line.productId);
    if (!product) continue;
    if (!product.serialized) {
      await db
        .insertInto('stock_levels')
        .values({ product_id: product.id, location_id: location.id, on_hand: line.qty })
        .onConflict((oc) => oc.columns(['product_id', 'location_id']).doUpdateSet((eb) => ({ on_hand: eb('stock_levels.on_hand', '+', line.qty) })))
        .execute();
      continue;
    }
    for (const part of chunks(line.serials ?? [], 400)) {
      const inserted = await db
        .insertInto('serials')
        .values(part.map((s) => ({
          product_id: product.id,
          serial: s.serial.trim(),
          location_id: location.id,
          status: 'in_stock' as const,
          condition_notes: s.conditionNotes?.trim() ?? '',
          customer_id: null,
          received_at: at,
        })))
        .returning('id')
        .execute();
      const ids = inserted.map((r) => r.id);
      serialIds.push(...ids);
      await db
        .insertInto('serial_events')
        .values(ids.map((id) => ({
          serial_id: id,
          at,
          actor: ctx.actor,
          kind: 'received' as const,
          location_id: location.id,
          receipt_id: receipt.id,
          invoice_id: null,
          invoice_line_id: null,
          customer_id: null,
          note,
        })))
        .execute();
    }
  }
  return { receiptId: receipt.id, number, serialIds };
}
