// The one print template: invoices, credit notes and purchase orders laid out from DocumentData as one HTML page with
// its styles inline, no scripts and nothing fetched (the logo is a data: URL). Every text from the store is escaped.
// Money goes through core/money.ts's one formatter in the shop's locale and currency; quantities through its qty
// formatter. The paper (A4 or US Letter) is the page's @page size, and the renderer is told the same.
import type { PaperSize } from '../../core/enums.ts';
import { formatMoney, formatQtyMilli } from '../../core/money.ts';
import type { DocumentData, DocumentLine } from '../../db/services/documents.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** The CSS page size for the paper. */
export const PAGE_SIZE: Record<PaperSize, string> = { a4: 'A4', letter: 'letter' };

/** A logo only as a data: URL of a PNG, JPEG or SVG image (what Settings → Documents accepts); anything else: none. */
const safeLogo = (url: string) => (/^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(url) ? url : '');

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** A day (YYYY-MM-DD) or an instant as the shop's locale writes a date ("Nov 21, 2026"); other text as it is. */
export function formatDocumentDate(value: string, locale: string): string {
  let format = dateFormats.get(locale);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    } catch {
      format = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
    }
    dateFormats.set(locale, format);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return format.format(new Date(`${value}T00:00:00Z`));
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  // An instant: the calendar day where the app runs (as "today" is at the shop).
  return format.format(new Date(Date.UTC(at.getFullYear(), at.getMonth(), at.getDate())));
}

const STYLE = `
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font:10pt/1.35 "Helvetica Neue",Arial,"Liberation Sans",sans-serif;color:#1b1f24}
.doc{padding:0}
.top{display:flex;justify-content:space-between;align-items:flex-start;gap:24px;margin-bottom:18px}
.shop h2{margin:0 0 4px;font-size:14pt}
.shop p,.party p{margin:0}
.logo{max-height:64px;max-width:200px;margin-bottom:6px;display:block}
.title{text-align:right}
.title h1{margin:0;font-size:20pt;letter-spacing:.5px}
.title .number{font-size:12pt;font-weight:bold}
.title .status{display:inline-block;margin-top:4px;padding:1px 8px;border:1px solid #888;border-radius:3px;font-size:9pt}
.mid{display:flex;justify-content:space-between;gap:24px;margin-bottom:16px}
.party .label,.facts th{font-size:8pt;text-transform:uppercase;color:#555;font-weight:normal;text-align:left}
.party .name{font-weight:bold;font-size:11pt}
.facts{border-collapse:collapse}
.facts th{padding:1px 12px 1px 0}
.facts td{padding:1px 0;text-align:right}
table.lines{width:100%;border-collapse:collapse}
table.lines thead th{border-bottom:1.5px solid #333;padding:4px 6px;font-size:8.5pt;text-align:left}
table.lines td{padding:4px 6px;vertical-align:top}
table.lines tbody{break-inside:avoid;page-break-inside:avoid}
table.lines tbody tr.line td{border-top:1px solid #ddd}
table.lines tbody:first-of-type tr.line td{border-top:none}
.num{text-align:right;white-space:nowrap}
.sku{color:#555;font-size:8.5pt}
.tax{color:#555;font-size:8.5pt}
tr.serials td{padding-top:0;font-size:8.5pt;color:#333}
.sn{white-space:nowrap}
.bottom{display:flex;justify-content:space-between;gap:24px;margin-top:14px;break-inside:avoid;page-break-inside:avoid}
.notes{flex:1}
.notes h3,.payments h3{font-size:8pt;text-transform:uppercase;color:#555;font-weight:normal;margin:8px 0 2px}
.notes p{margin:0;white-space:pre-wrap}
table.totals{border-collapse:collapse;min-width:240px}
table.totals th{text-align:left;font-weight:normal;padding:2px 12px 2px 0}
table.totals td{padding:2px 0}
table.totals tr.strong th,table.totals tr.strong td{font-weight:bold;border-top:1px solid #333;padding-top:4px}
table.payments{border-collapse:collapse;font-size:9pt}
table.payments td{padding:1px 10px 1px 0}
`;

/** The document's HTML: one self-contained page. */
export function documentTemplate(data: DocumentData): string {
  const e = escapeHtml;
  const { locale } = data.money;
  const money = (minor: number) => e(formatMoney(minor, data.money));
  const total = (minor: number) => e(formatMoney(minor, data.money, { symbol: true }));
  const lines = (texts: string[]) => texts.map((t) => `<p>${e(t)}</p>`).join('');
  const logo = safeLogo(data.logoDataUrl);
  const showDiscount = data.lines.some((l) => l.discountMinor !== 0);
  const showPrice = data.lines.some((l) => l.unitPriceMinor !== null);
  const columns = 3 + (showPrice ? 1 : 0) + (showDiscount ? 1 : 0);
  const lineRows = (l: DocumentLine) => {
    const discount =
      l.discountMinor === 0 ? '' : `${money(-l.discountMinor)}${l.discountText ? ` (${e(l.discountText)})` : ''}`;
    const serials =
      l.serials.length === 0
        ? ''
        : `<tr class="serials"><td colspan="${columns}">Serial numbers: ${l.serials
            .map((s) => `<span class="sn">${e(s)}</span>`)
            .join(', ')}</td></tr>`;
    return `<tbody><tr class="line"><td>${e(l.description)}${l.sku ? ` <span class="sku">${e(l.sku)}</span>` : ''}${
      l.taxText ? `<br><span class="tax">${e(l.taxText)}</span>` : ''
    }</td><td class="num">${e(formatQtyMilli(l.qtyMilli, locale))}</td>${
      showPrice ? `<td class="num">${l.unitPriceMinor === null ? '' : money(l.unitPriceMinor)}</td>` : ''
    }${showDiscount ? `<td class="num">${discount}</td>` : ''}<td class="num">${money(l.lineTotalMinor)}</td></tr>${serials}</tbody>`;
  };
  const facts = data.facts
    .filter((f) => f.value !== '')
    .map(
      (f) =>
        `<tr><th scope="row">${e(f.label)}</th><td>${e(f.date ? formatDocumentDate(f.value, locale) : f.value)}</td></tr>`,
    )
    .join('');
  const totals = data.totals
    .map(
      (t) =>
        `<tr${t.strong ? ' class="strong"' : ''}><th scope="row">${e(t.label)}</th><td class="num">${
          t.strong ? total(t.minor) : money(t.minor)
        }</td></tr>`,
    )
    .join('');
  const payments =
    data.payments.length === 0
      ? ''
      : `<div class="payments"><h3>${data.kind === 'credit_note' ? 'Refunds' : 'Payments'}</h3><table class="payments">${data.payments
          .map(
            (p) =>
              `<tr><td>${e(formatDocumentDate(p.date, locale))}</td><td>${e(p.method)}</td><td>${e(p.reference)}</td><td class="num">${money(p.minor)}</td></tr>`,
          )
          .join('')}</table></div>`;
  const notes = [
    data.notes.trim() && `<h3>Notes</h3><p>${e(data.notes.trim())}</p>`,
    data.terms.trim() &&
      `<h3>Terms</h3><p>${e(data.terms.trim())}${
        data.dueDate ? `: payment due by ${e(formatDocumentDate(data.dueDate, locale))}.` : ''
      }</p>`,
  ]
    .filter(Boolean)
    .join('');
  return `<!doctype html>
<html lang="${e(locale)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${e(`${data.title} ${data.number}`)}</title>
<style>@page{size:${PAGE_SIZE[data.paperSize]};margin:14mm 14mm 16mm}${STYLE}</style></head>
<body><div class="doc">
<div class="top"><div class="shop">${logo ? `<img class="logo" alt="" src="${e(logo)}">` : ''}<h2>${e(data.shop.name)}</h2>${lines(data.shop.lines)}</div>
<div class="title"><h1>${e(data.title)}</h1><div class="number">${e(data.number)}</div>${
    data.status ? `<div class="status">${e(data.status)}</div>` : ''
  }</div></div>
<div class="mid"><div class="party"><div class="label">${e(data.party.label)}</div><p class="name">${e(data.party.name)}</p>${lines(data.party.lines)}</div>
<table class="facts">${facts}</table></div>
<table class="lines"><thead><tr><th>Description</th><th class="num">Qty</th>${
    showPrice ? `<th class="num">${data.kind === 'purchase_order' ? 'Unit cost' : 'Unit price'}</th>` : ''
  }${showDiscount ? '<th class="num">Discount</th>' : ''}<th class="num">${data.kind === 'credit_note' ? 'Credited' : 'Line total'}</th></tr></thead>
${data.lines.map(lineRows).join('\n')}
</table>
<div class="bottom"><div class="notes">${notes}${payments}</div><table class="totals">${totals}</table></div>
</div></body></html>`;
}
