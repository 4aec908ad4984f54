// One serial text, however it was typed, scanned or pasted. Every way a serial enters (receiving,
// import, rename, SN: lookup, the Capture Serials filter) goes through normalizeSerial; the store's
// uniqueness is on serialKey (normalised and case-folded), so DL5440-0001 and dl5440-0001 are one
// unit. Pure: the store's migration registers serialKey itself as an SQL function, so the keys it
// fills are exactly these.

/**
 * Characters that print nothing: control characters (C0, DEL, C1), format characters (zero-width
 * space and joiners, BOM, soft hyphen, bidi marks), other default-ignorable code points (variation
 * selectors, combining grapheme joiner, fillers) and lone surrogates (a broken decode).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]/gu;
/** Every Unicode dash (hyphen, non-breaking hyphen, figure dash, en/em dash, …) and the minus signs. */
const DASHES = /[\p{Pd}\u2212\u2043\u02D7\u2796]/gu;

/**
 * The serial as it is stored and shown: control, zero-width and BOM characters removed, Unicode
 * NFKC (fullwidth digits and letters become ASCII, composed and decomposed É become one), every
 * dash made `-`, then trimmed. The invisible characters go before NFKC too, so one between a
 * letter and its accent cannot keep them apart. Idempotent: normalizeSerial(normalizeSerial(x))
 * is normalizeSerial(x).
 */
export function normalizeSerial(text: string): string {
  return text.replace(INVISIBLE, '').normalize('NFKC').replace(INVISIBLE, '').replace(DASHES, '-').trim();
}

/**
 * The key a serial is unique by (per product) and looked up by: normalised, then case-folded (ß and SS, ς and Σ fold
 * together).
 */
export function serialKey(text: string): string {
  return normalizeSerial(text).toUpperCase().toLowerCase();
}

/** True when two texts are the same serial (the same key). */
export const sameSerial = (a: string, b: string): boolean => serialKey(a) === serialKey(b);

/** Marks, spaces and dashes that look like nothing or like something else (all but ' ' and '-'). */
const LOOKALIKE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}\p{M}\p{Z}\p{Pd}\u2212]/gu;

/**
 * A serial text as a message should show it, when two texts that look the same must be told apart:
 * every invisible character, combining mark, unusual space or dash is written as <U+XXXX>.
 * `DL5440-0001<U+0000>`, `E<U+0301>`.
 */
export function visibleSerial(text: string): string {
  return text.replace(LOOKALIKE, (c) =>
    c === ' ' || c === '-' ? c : `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}

/** The longest serial accepted, in characters after normalisation. */
export const MAX_SERIAL_LENGTH = 100;
