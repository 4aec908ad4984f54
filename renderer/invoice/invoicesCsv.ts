// Export CSV of the Invoices page: the selected rows as RFC 4180 text (core/csv.ts: quoting, and a leading ' on a text
// field a spreadsheet would read as a formula), and the download of that text through a Blob link.
import { invoiceStatusLabel } from '../../core/enums.ts';
import { csvField, csvText } from '../../core/csv.ts';
import type { InvoiceSummary } from '../../core/model.ts';

export const CSV_HEADER = ['Number', 'Date', 'Due date', 'Customer', 'Status', 'Overdue', 'Total', 'Balance'];

export { csvField, csvText };

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
