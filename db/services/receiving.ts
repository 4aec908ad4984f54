import { AppError } from '../../core/errors.ts';
import { unitsToMilli } from '../../core/money.ts';
import { MAX_SERIAL_LENGTH, normalizeSerial, serialKey, visibleSerial } from '../../core/serial.ts';
import type { ReceiptResult } from '../../core/model.ts';
import type { GoodsReceiptsTable } from '../schema.ts';
import { productsById, requireLocation } from './catalog.ts';
import { chunks, iso, nextNumber, type ReadCtx, type WriteCtx } from './context.ts';
import { adjustStock, recordSerialEvents } from './stock.ts';

export interface ReceiveSerial {
  serial: string;
  conditionNotes?: string;
}

export interface ReceiveLine {
  productId: number;
  qty: number;
  unitCostMinor?: number;
  /** Exactly `qty` serials for a serialized product; none otherwise. */
  serials?: ReceiveSerial[];
  /** A purchase order line for a ticket: the units' 'received' events name it (the caller then reserves them). */
  ticket?: { id: number; number: string };
}

export interface ReceiveGoodsInput {
  locationId: number;
  lines: ReceiveLine[];
  source?: GoodsReceiptsTable['source'];
  /** Free text shown in history, e.g. the vendor's delivery note, "PO-000001" or the imported file's name. */
  reference?: string;
  /** Set when the receipt checks in a purchase order. */
  purchaseOrderId?: number;
  /** Told how many serials are written so far (large imports show progress; throwing cancels). */
  onProgress?: (written: number) => Promise<void>;
}

export interface ReceiptProblem {
  line: number; // 1-based line of the receipt
  serial: string;
  reason: 'empty' | 'too_long' | 'duplicate_in_receipt' | 'already_exists';
  message: string;
}

/**
 * A goods receipt: the one way serialized stock enters the store (purchase orders and CSV
 * import call this too). All or nothing: every refusal is collected and reported together,
 * and nothing is written unless the whole receipt is valid. Runs inside the caller's transaction.
 */
export async function receiveGoods(ctx: WriteCtx, input: ReceiveGoodsInput): Promise<ReceiptResult> {
  const { db } = ctx;
  const location = await requireLocation(ctx, input.locationId);
  if (input.lines.length === 0) throw new AppError('invalid_input', 'A receipt needs at least one line.');
  const products = await productsById(ctx, input.lines);

  const problems: ReceiptProblem[] = [];
  const lineErrors: string[] = [];
  // Normalised serials per product by key, to check duplicates within the receipt and against the store.
  // productId → serialKey → first receipt line, text
  const wanted = new Map<number, Map<string, { line: number; serial: string }>>();

  input.lines.forEach((line, index) => {
    const n = index + 1;
    const product = products.get(line.productId);
    if (!product) return void lineErrors.push(`Line ${n}: no product with id ${line.productId}.`);
    if (!Number.isSafeInteger(line.qty) || line.qty <= 0)
      return void lineErrors.push(`Line ${n}: quantity must be a whole number above 0.`);
    if (!product.maintain_stock)
      return void lineErrors.push(`Line ${n}: ${product.name} is a service and keeps no stock.`);
    const serials = line.serials ?? [];
    if (!product.serialized) {
      if (serials.length > 0) lineErrors.push(`Line ${n}: ${product.name} is not serial-tracked; remove the serials.`);
      return;
    }
    if (serials.length !== line.qty) {
      lineErrors.push(
        `Line ${n}: ${product.name} needs exactly ${line.qty} serial${line.qty === 1 ? '' : 's'}, got ${serials.length}.`,
      );
    }
    const seen = wanted.get(product.id) ?? new Map<string, { line: number; serial: string }>();
    wanted.set(product.id, seen);
    for (const raw of serials) {
      const serial = normalizeSerial(raw.serial);
      const first = seen.get(serialKey(serial));
      if (!serial)
        problems.push({ line: n, serial: raw.serial, reason: 'empty', message: `Line ${n}: an empty serial.` });
      else if (serial.length > MAX_SERIAL_LENGTH) {
        problems.push({
          line: n,
          serial,
          reason: 'too_long',
          message: `Line ${n}: ${serial.slice(0, 24)}… is longer than ${MAX_SERIAL_LENGTH} characters.`,
        });
      } else if (first) {
        const also = first.serial === serial ? '' : ` (also as ${visibleSerial(first.serial)})`;
        problems.push({
          line: n,
          serial,
          reason: 'duplicate_in_receipt',
          message: `${visibleSerial(serial)} is entered twice in this receipt${also}.`,
        });
      } else seen.set(serialKey(serial), { line: n, serial });
    }
  });

  for (const [productId, serials] of wanted) {
    const name = products.get(productId)?.name ?? `product ${productId}`;
    for (const { text, stored } of await findExistingSerials(
      ctx,
      productId,
      [...serials.values()].map((s) => s.serial),
    )) {
      const as = stored === text ? '' : ` (as ${visibleSerial(stored)})`;
      problems.push({
        line: serials.get(serialKey(text))?.line ?? 0,
        serial: text,
        reason: 'already_exists',
        message: `${visibleSerial(text)} already exists for ${name}${as}.`,
      });
    }
  }

  if (lineErrors.length > 0 || problems.length > 0) {
    const offending = problems.map((p) => p.serial);
    const summary = [
      ...lineErrors,
      ...(problems.length > 0
        ? [
            `${problems.length} serial${problems.length === 1 ? '' : 's'} refused: ${problems.map((p) => p.message).join(' ')}`,
          ]
        : []),
    ].join(' ');
    throw new AppError('receipt_invalid', `Nothing was received. ${summary}`, {
      lineErrors,
      problems,
      offendingSerials: offending,
    });
  }

  const at = iso(ctx.now());
  const number = await nextNumber(ctx, 'goods_receipt', 'GR-');
  const receipt = await db
    .insertInto('goods_receipts')
    .values({
      number,
      location_id: location.id,
      source: input.source ?? 'receipt',
      reference: input.reference ?? '',
      received_at: at,
      actor: ctx.actor,
      purchase_order_id: input.purchaseOrderId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  await db
    .insertInto('goods_receipt_lines')
    .values(
      input.lines.map((l) => ({
        receipt_id: receipt.id,
        product_id: l.productId,
        qty: l.qty,
        unit_cost_minor: l.unitCostMinor ?? 0,
      })),
    )
    .execute();

  const serialIds: number[] = [];
  const note = receivedNote(input.source ?? 'receipt', number, input.reference ?? '');
  for (const line of input.lines) {
    const product = products.get(line.productId);
    if (!product) continue;
    if (!product.serialized) {
      // Receipts count whole units; stock levels are thousandths.
      await adjustStock(ctx, [{ productId: product.id, locationId: location.id, delta: unitsToMilli(line.qty) }], {
        doc: 'receipt',
        id: receipt.id,
      });
      continue;
    }
    for (const part of chunks(line.serials ?? [], 400)) {
      const inserted = await db
        .insertInto('serials')
        .values(
          part.map((s) => ({
            product_id: product.id,
            serial: normalizeSerial(s.serial),
            serial_key: serialKey(s.serial),
            location_id: location.id,
            status: 'in_stock' as const,
            condition_notes: s.conditionNotes?.trim() ?? '',
            customer_id: null,
            received_at: at,
          })),
        )
        .returning('id')
        .execute();
      const ids = inserted.map((r) => r.id);
      serialIds.push(...ids);
      await input.onProgress?.(serialIds.length);
      await recordSerialEvents(
        ctx,
        ids.map((id) => ({
          serialId: id,
          kind: 'received',
          locationId: location.id,
          receiptId: receipt.id,
          note: line.ticket ? `${note} for ${line.ticket.number}` : note,
          ticketId: line.ticket?.id ?? null,
          stock: 1,
        })),
        at,
      );
    }
  }
  return { receiptId: receipt.id, number, serialIds };
}

/** The history line of a received unit: "received on PO-000001 (GR-000004)", "imported from stock.csv (GR-000005)". */
function receivedNote(source: GoodsReceiptsTable['source'], number: string, reference: string): string {
  if (source === 'import') return `imported from ${reference || 'a CSV file'} (${number})`;
  return reference ? `received on ${reference} (${number})` : `received on ${number}`;
}

/**
 * A serial text a caller asked about (as it wrote it) that the product already has, and the text the store holds for
 * that unit.
 */
export interface ExistingSerial {
  text: string;
  stored: string;
}

/**
 * Which of these serial texts the product already has, compared by key (core/serial.ts serialKey:
 * letter case, invisible characters, dash styles and Unicode forms do not make another unit);
 * deleted units count, since their rows stay for history. Each found text comes back once, as the
 * caller wrote it, in the caller's order, with the stored text. The one check behind receipts,
 * the receiving console and imports.
 */
export async function findExistingSerials(
  ctx: ReadCtx,
  productId: number,
  serials: readonly string[],
): Promise<ExistingSerial[]> {
  const { db } = ctx;
  const texts = [...new Set(serials)].filter((s) => serialKey(s) !== '');
  const stored = new Map<string, string>(); // key → stored text
  for (const part of chunks([...new Set(texts.map(serialKey))], 500)) {
    const rows = await db
      .selectFrom('serials')
      .select(['serial', 'serial_key'])
      .where('product_id', '=', productId)
      .where('serial_key', 'in', part)
      .execute();
    for (const r of rows) stored.set(r.serial_key, r.serial);
  }
  return texts.flatMap((text) => {
    const found = stored.get(serialKey(text));
    return found === undefined ? [] : [{ text, stored: found }];
  });
}

/** The texts of findExistingSerials: which of these the product already has, as the caller wrote them. */
export async function existingSerials(ctx: ReadCtx, productId: number, serials: readonly string[]): Promise<string[]> {
  return (await findExistingSerials(ctx, productId, serials)).map((f) => f.text);
}
