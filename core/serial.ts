// One serial text, however it was typed, scanned or pasted. Every way a serial enters (receiving,
// import, rename, SN: lookup, the Capture Serials filter) goes through normalizeSerial; the store's
// uniqueness is on serialKey (normalised and case-folded), so DL5440-0001 and dl5440-0001 are one
// unit. Pure.

/** Control characters (C0, DEL, C1) and invisible format characters (zero-width, joiners, BOM, soft hyphen, bidi marks). */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;
/** Every Unicode dash (hyphen, non-breaking hyphen, figure dash, en/em dash, minus sign …). */
const DASHES = /[\p{Pd}\u2212\u2043\uFE63\uFF0D]/gu;

/**
 * The serial as it is stored and shown: Unicode NFKC (fullwidth digits and letters become ASCII,
 * composed and decomposed É become one), control, zero-width and BOM characters removed, every
 * dash made `-`, then trimmed.
 */
export function normalizeSerial(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(DASHES, '-').trim();
}

/** The key a serial is unique by (per product) and looked up by: normalised, then case-folded. */
export function serialKey(text: string): string {
  return normalizeSerial(text).toUpperCase().toLowerCase();
}

/** The longest serial accepted, in characters after normalisation. */
export const MAX_SERIAL_LENGTH = 100;
