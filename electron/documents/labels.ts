// Barcode labels for units, laid out in main like the other documents: one HTML page with its styles inline, no
// scripts and nothing fetched (the barcodes are inline SVG drawn by bwip-js), rendered to PDF by the host's Chromium.
// Each label carries a Code 128 barcode of `SN:<serial>` (one scan at the counter adds the item and its serial: see
// core/scan/classify.ts), or a GS1 DataMatrix of the product's GTIN and the serial (AI 01 + 21) when the product has
// a GTIN and GS1 was chosen; then the product's name, and its price when asked. Thermal labels (50×25, 62×29 mm) print
// one per page; A4 sheets hold 3×8.
import bwipjs from 'bwip-js/node';
import { localDate } from '../../core/dates.ts';
import { labelSizeLabel, type LabelCode, type LabelSize } from '../../core/enums.ts';
import { AppError } from '../../core/errors.ts';
import type { LabelsHtml, LabelUnit } from '../../core/model.ts';
import { formatMoney, type MoneyFormat } from '../../core/money.ts';
import { labelMoneyFormat, labelUnits } from '../../db/services/labels.ts';
import type { HandlerCtx } from '../handlers.ts';
import { escapeHtml as e } from './template.ts';

export interface LabelsRequest {
  serialIds: readonly number[];
  size: LabelSize;
  code: LabelCode;
  showPrice: boolean;
}

interface Layout {
  /** The page: a label, or an A4 sheet. */
  page: { widthMm: number; heightMm: number };
  /** One label. */
  label: { widthMm: number; heightMm: number };
  /** Labels per page, in columns. */
  perPage: number;
  columns: number;
  /** Blank space around each label's content (also keeps the barcodes' quiet zones off the label's edge). */
  paddingMm: number;
  /** The tallest a Code 128 symbol is drawn. */
  maxBarMm: number;
}

const LAYOUTS: Record<LabelSize, Layout> = {
  '50x25': {
    page: { widthMm: 50, heightMm: 25 },
    label: { widthMm: 50, heightMm: 25 },
    perPage: 1,
    columns: 1,
    paddingMm: 1.5,
    maxBarMm: 12,
  },
  '62x29': {
    page: { widthMm: 62, heightMm: 29 },
    label: { widthMm: 62, heightMm: 29 },
    perPage: 1,
    columns: 1,
    paddingMm: 1.5,
    maxBarMm: 15,
  },
  // 70 × 37 mm labels, 3 across and 8 down, with 0.5 mm above and below the grid (297 − 8 × 37).
  a4_3x8: {
    page: { widthMm: 210, heightMm: 297 },
    label: { widthMm: 70, heightMm: 37 },
    perPage: 24,
    columns: 3,
    paddingMm: 3,
    maxBarMm: 16,
  },
};

/** The narrowest bar (Code 128's X) a label is drawn with: below it, thermal printers and scanners lose bars. */
const MIN_MODULE_MM = 0.15;
/** Code 128's quiet zone: 10 modules each side. */
const QUIET_MODULES = 10;
/** GS1's AI 21 (serial): up to 20 of GS1's 82 characters; brackets left out, they mark AIs in the bracketed input. */
const GS1_SERIAL = /^[!"%&'*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;

/** A Code 128 of `SN:<serial>`, as SVG scaled to the width it is given; its width in modules, quiet zones in. */
function code128(serial: string): { svg: string; modules: number } {
  // Code 128 holds ASCII only: a serial with another character could not be scanned back as itself.
  const other = [...serial].find((c) => c < ' ' || c > '~');
  if (other !== undefined)
    throw new AppError(
      'invalid_input',
      `${serial} has a character a Code 128 barcode cannot hold (${other}): no label was made. Rename the serial or print a GS1 DataMatrix.`,
    );
  const svg = bwipjs.toSVG({
    bcid: 'code128',
    text: `SN:${serial}`,
    scale: 1,
    height: 10,
    paddingwidth: QUIET_MODULES,
    paddingheight: 0,
    backgroundcolor: 'FFFFFF',
  });
  const modules = Number(/viewBox="0 0 (\d+(?:\.\d+)?) /.exec(svg)?.[1] ?? 0);
  // Bars stretch to the height the label leaves them; widths keep their proportions (the SVG fills the width).
  return { svg: svg.replace('<svg ', '<svg preserveAspectRatio="none" aria-hidden="true" '), modules };
}

/** A GS1 DataMatrix of AI 01 (GTIN-14) and AI 21 (serial), with a quiet zone of two modules. */
function gs1DataMatrix(gtin: string, serial: string): string {
  if (!GS1_SERIAL.test(serial))
    throw new AppError(
      'invalid_input',
      `${serial} cannot go in a GS1 DataMatrix: a GS1 serial (AI 21) is up to 20 letters, digits and !"%&'*+,-./:;<=>?_. No label was made: print SN: Code 128 instead.`,
    );
  const svg = bwipjs.toSVG({
    bcid: 'gs1datamatrix',
    text: `(01)${gtin}(21)${serial}`,
    scale: 1,
    padding: 2,
    backgroundcolor: 'FFFFFF',
  });
  return svg.replace('<svg ', '<svg aria-hidden="true" ');
}

const style = (layout: Layout, barMm: number) => {
  const { page, label, paddingMm: pad } = layout;
  const sheet = layout.perPage > 1;
  const rows = layout.perPage / layout.columns;
  const top = sheet ? (page.heightMm - rows * label.heightMm) / 2 : 0;
  return `
@page{size:${page.widthMm}mm ${page.heightMm}mm;margin:0}
*{box-sizing:border-box}
html,body{margin:0;padding:0;background:#fff}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font:7pt/1.2 "Helvetica Neue",Arial,"Liberation Sans",sans-serif;color:#000}
.page{width:${page.widthMm}mm;height:${page.heightMm}mm;overflow:hidden;background:#fff;break-after:page;page-break-after:always;${
    sheet
      ? `display:grid;grid-template-columns:repeat(${layout.columns},${label.widthMm}mm);grid-auto-rows:${label.heightMm}mm;padding-top:${top}mm`
      : ''
  }}
.page:last-child{break-after:auto;page-break-after:auto}
.label{width:${label.widthMm}mm;height:${label.heightMm}mm;padding:${pad}mm;overflow:hidden;background:#fff;display:flex;flex-direction:column;justify-content:center;gap:0.4mm}
.bars{flex:1 1 0;min-height:6mm;max-height:${barMm}mm}
.bars svg{display:block;width:100%;height:100%;shape-rendering:crispEdges}
.hr{font-family:"DejaVu Sans Mono","Liberation Mono",Consolas,monospace;text-align:center;white-space:nowrap;overflow:hidden}
.name{font-weight:bold;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.price{font-weight:bold;font-size:9pt;white-space:nowrap}
.gs1{flex-direction:row;gap:1.5mm;align-items:stretch}
.matrix{flex:0 0 auto;height:100%;aspect-ratio:1}
.matrix svg{display:block;width:100%;height:100%;shape-rendering:crispEdges}
.text{flex:1 1 auto;min-width:0;display:flex;flex-direction:column;justify-content:center;gap:0.6mm}
.text .hr{text-align:left;white-space:normal;font-size:6pt}
.text .hr span{white-space:nowrap}
.text .name{white-space:normal;max-height:3.6em}
`;
};

/** One label's HTML; refused (naming the serial) when its code cannot be drawn readably at this size. */
function labelHtml(unit: LabelUnit, request: LabelsRequest, layout: Layout, money: MoneyFormat): string {
  const price = request.showPrice
    ? `<div class="price">${e(formatMoney(unit.priceMinor, money, { symbol: true }))}</div>`
    : '';
  // The human-readable element string under the symbol breaks only between its two parts, never inside the GTIN.
  if (request.code === 'gs1' && unit.gtin) {
    return `<div class="label gs1"><div class="matrix">${gs1DataMatrix(unit.gtin, unit.serial)}</div><div class="text"><div class="name">${e(
      unit.productName,
    )}</div><div class="hr"><span>(01) ${e(unit.gtin)}</span> <span>(21) ${e(unit.serial)}</span></div>${price}</div></div>`;
  }
  const { svg, modules } = code128(unit.serial);
  const widthMm = layout.label.widthMm - 2 * layout.paddingMm;
  if (modules === 0 || widthMm / modules < MIN_MODULE_MM)
    throw new AppError(
      'invalid_input',
      `SN:${unit.serial} is too long to scan at ${labelSizeLabel[request.size]}: no label was made. Choose a larger label${
        unit.gtin ? ' or GS1 DataMatrix' : ''
      }.`,
    );
  return `<div class="label"><div class="bars">${svg}</div><div class="hr">SN:${e(unit.serial)}</div><div class="name">${e(
    unit.productName,
  )}</div>${price}</div>`;
}

/** The labels' HTML: every unit asked, in the order asked. */
export async function labelsHtml(ctx: HandlerCtx, request: LabelsRequest): Promise<LabelsHtml> {
  const units = await labelUnits(ctx, request.serialIds);
  if (request.code === 'gs1' && !units.some((u) => u.gtin))
    throw new AppError(
      'invalid_input',
      'None of these products has a GTIN (a barcode with a valid check digit): print SN: Code 128 labels, or add the GTIN on the Products screen.',
      { field: 'code' },
    );
  const money = await labelMoneyFormat(ctx);
  const layout = LAYOUTS[request.size];
  const labels = units.map((u) => labelHtml(u, request, layout, money));
  const pages: string[] = [];
  for (let i = 0; i < labels.length; i += layout.perPage)
    pages.push(`<div class="page">${labels.slice(i, i + layout.perPage).join('')}</div>`);
  const barMm = Math.min(layout.maxBarMm, layout.label.heightMm - 2 * layout.paddingMm - 9);
  const title = `Labels (${units.length})`;
  const html = `<!doctype html>
<html lang="${e(money.locale)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${e(title)}</title>
<style>${style(layout, barMm)}</style></head>
<body>${pages.join('\n')}</body></html>`;
  return { title, size: request.size, page: layout.page, labels: units.length, pages: pages.length, html };
}

/** The labels as a PDF (Chromium lays them out in its own process), named for the day. */
export async function labelsPdf(
  ctx: HandlerCtx,
  request: LabelsRequest,
): Promise<LabelsHtml & { fileName: string; bytes: Uint8Array }> {
  if (!ctx.pdf) throw new AppError('internal', 'This host cannot make PDFs (no Chromium).');
  const made = await labelsHtml(ctx, request);
  return { ...made, fileName: `labels-${localDate(ctx.now())}.pdf`, bytes: await ctx.pdf.pdf(made.html, made.page) };
}
