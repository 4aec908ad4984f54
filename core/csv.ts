// Writing CSV text, shared by the Invoices page's Export CSV and the accounting exports. Pure. RFC 4180: a field that
// holds a comma, a quote or a line break (or starts or ends with white space) is quoted, its quotes doubled; records
// end with CRLF. A text cell a spreadsheet would run as a formula (=, +, -, @, tab or CR first) can be kept as text
// with csvText (a leading '): for files people open in a spreadsheet, not for the ones an accounting program matches
// names in.

/** The UTF-8 byte-order mark, so Excel reads the file as UTF-8. */
export const BOM = '\uFEFF';

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A text field a spreadsheet would run as a formula gets a leading ' (amounts are not text: they stay numbers). */
export function csvText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Records as CSV text: fields quoted as needed, CRLF after every record (the last too). */
export function csvRecords(records: ReadonlyArray<readonly string[]>): string {
  return records.map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('');
}
