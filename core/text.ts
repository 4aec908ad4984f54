// What free text may hold, checked the same way wherever it enters (the contract's schemas, CSV
// imports): a NUL, an escape code or another control character would be stored and printed, so it
// is refused with a message that names the field, never with the store's CHECK text. Pure.

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** One-line text (names, codes, contacts, descriptions): no control character at all. */
export const isPlainText = (s: string): boolean => !CONTROL.test(s);
/** Multi-line text (notes, reasons): tab and line breaks are fine, other control characters are not. */
export const isNotesText = (s: string): boolean => !CONTROL_BUT_LINES.test(s);
export const controlMessage = (what: string): string => `Remove the control character from the ${what}.`;
