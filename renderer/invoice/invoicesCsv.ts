// Export CSV of the Invoices page: the selected rows as RFC 4180 text (every field that holds a comma, a quote or a
// line break is quoted, quotes doubled), and the download of that text through a Blob link. A text field that a
// spreadsheet would read as a formula (=, +, -, @, tab, CR first) is written with a leading ' so it stays text.
import { invoiceStatusLabel } from '../../core/enums.ts';
import type { InvoiceSummary } from '../../core/model.ts';

export const CSV_HEADER = ['Number', 'Date', 'Due date', 'Customer', 'Status', 'Overdue', 'Total', 'Balance'];

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A text field a spreadsheet would run as a formula gets a leading ' (amounts are not text: they stay numbers). */
export function csvText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One line per invoice, CRLF-separated; amounts as the shop writes them in a field (no grouping: "1249.00"). */
export function invoicesCsv(rows: readonly InvoiceSummary[], amount: (minor: number) => string): string {
  const lines = [
    CSV_HEADER,
    ...rows.map((r) => [
      ...[r.number, r.invoiceDate, r.dueDate, r.customerName, invoiceStatusLabel[r.status]].map(csvText),
      r.overdue ? 'Yes' : '',
      amount(r.totalMinor),
      amount(r.balanceMinor),
    ]),
  ];
  return `${lines.map((fields) => fields.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** Offers `text` as a file download (a temporary Blob link, clicked and let go). */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  // A byte-order mark so spreadsheet programs read the file as UTF-8.
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
