// Turning what a user types, pastes or scans at the receiving console into serial texts. Pure.
import { classify } from '../../core/scan/classify.ts';
import { normalizeSerial, serialKey } from '../../core/serial.ts';

export const MAX_RANGE = 10_000;

/**
 * The serial a label carries (plain text, SN:<serial>, or a GS1 code with AI 21), normalised as the store keeps
 * serials.
 */
export function serialFromLabel(text: string): string {
  const c = classify(text);
  if (c.kind === 'serial') return normalizeSerial(c.serial);
  if (c.kind === 'gs1' && c.serial) return normalizeSerial(c.serial);
  return normalizeSerial(text);
}

/**
 * Which unit of a product a serial means, for the console's inline checks: two entries (or an entry
 * and a serial the store has) are the same unit when their keys match, as in the store
 * (DL5440-0001 and dl5440-0001, or with a zero-width space, are one).
 */
export const unitKey = (productId: number, serial: string): string => `${productId}|${serialKey(serial)}`;

/**
 * DL5440-0200..DL5440-0249 → the 50 serials in between, keeping the zero padding. Both ends
 * must share the text around their last number. Returns an error message instead when they do not.
 */
export function expandRange(text: string): string[] | { error: string } {
  const parts = text.split('..');
  if (parts.length !== 2) return { error: `Write a range as FIRST..LAST, e.g. DL5440-0200..DL5440-0249.` };
  const [a, b] = parts.map((p) => serialFromLabel(p)) as [string, string];
  const ma = /^(.*?)(\d+)(\D*)$/.exec(a);
  const mb = /^(.*?)(\d+)(\D*)$/.exec(b);
  if (!ma || !mb) return { error: `A range needs a number at the end of both serials: ${text}` };
  const [, prefix, startDigits, suffix] = ma as unknown as [string, string, string, string];
  const [, prefixB, endDigits, suffixB] = mb as unknown as [string, string, string, string];
  if (prefix !== prefixB || suffix !== suffixB)
    return { error: `${a} and ${b} differ in more than their number, so they make no range.` };
  const start = BigInt(startDigits);
  const end = BigInt(endDigits);
  if (end < start) return { error: `The range ${a}..${b} runs backwards.` };
  if (end - start + 1n > BigInt(MAX_RANGE))
    return { error: `The range ${a}..${b} has more than ${MAX_RANGE.toLocaleString('en-US')} serials.` };
  const width = startDigits.length === endDigits.length ? startDigits.length : 0;
  const out: string[] = [];
  for (let n = start; n <= end; n++) out.push(`${prefix}${n.toString().padStart(width, '0')}${suffix}`);
  return out;
}

/** A pasted list: one serial per line, or separated by commas, semicolons or tabs; ranges expand. */
export function parseSerialList(text: string): { serials: string[]; errors: string[] } {
  const serials: string[] = [];
  const errors: string[] = [];
  for (const raw of text.split(/[\r\n,;\t]+/)) {
    const item = raw.trim();
    if (!item) continue;
    if (item.includes('..')) {
      const r = expandRange(item);
      if (Array.isArray(r)) serials.push(...r);
      else errors.push(r.error);
    } else serials.push(serialFromLabel(item));
  }
  return { serials, errors };
}
