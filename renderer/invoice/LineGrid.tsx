import { memo, useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { TaxRate } from '../../core/model.ts';
import { formatQtyMilli, formatRate, lineTotalMinor } from '../../core/money.ts';
import { useMoney } from '../components/ShopFormat.tsx';
import { lineQty, lineUnits, qtyProblem, readPrice, type DraftLine, type LinePatch } from './draft.ts';
import type { LineStock } from './lineStock.ts';

interface Props {
  lines: DraftLine[];
  /** The shop's tax rates (archived ones too: a line may still name one); undefined while they load. */
  rates: TaxRate[] | undefined;
  /** A paid or void invoice: shown, not edited. */
  readOnly: boolean;
  onChange: (key: string, patch: LinePatch) => void;
  onRemove: (key: string) => void;
  onOpenSerials: (key: string) => void;
  /**
   * Stock on hand per line key (useLineStock): given, the grid has an "On hand" column after Qty, with an amber
   * "Only 48 on hand" where a product's lines need more. Absent: no such column.
   */
  stock?: ReadonlyMap<string, LineStock>;
  /**
   * The counter's grid (Sell): no Description, Taxable and Tax rate columns (the product says them), and each line's
   * discount under its total, which is then shown after the discount.
   */
  counter?: { discounts: ReadonlyMap<string, CounterDiscount> };
  /** From how many lines only those in view are rendered (default WINDOW_FROM). */
  windowFrom?: number;
}

/** A line discount as the counter's grid shows it: "−10% (Display model)" and its money. */
export interface CounterDiscount {
  text: string;
  minor: number;
}

/** Every line has this height (px), so a line's place is its index times it. */
export const ROW_HEIGHT = 48;
/** Up to this many lines every line is in the page; longer invoices render the lines in view. */
export const WINDOW_FROM = 60;
/** Lines rendered above and below the visible ones, so a short scroll shows no gap. */
const OVERSCAN = 3;

type Range = readonly [first: number, end: number];

interface View {
  top: number;
  height: number;
  head: number;
}

/** The scroll position that shows the last line. */
const bottom = (count: number, view: View) => Math.max(0, count * ROW_HEIGHT + view.head - view.height);

/** The lines to render for a scroll position: all of them on short invoices or before layout. */
function rangeFor(count: number, view: View, windowFrom: number): Range {
  if (count <= windowFrom || view.height <= 0) return [0, count];
  const top = view.top - view.head;
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  return [first, Math.min(count, Math.ceil((top + view.height) / ROW_HEIGHT) + OVERSCAN)];
}

export function LineGrid({
  lines,
  rates,
  readOnly,
  onChange,
  onRemove,
  onOpenSerials,
  stock,
  counter,
  windowFrom = WINDOW_FROM,
}: Props) {
  const box = useRef<HTMLDivElement>(null);
  const count = useRef(lines.length);
  // The scroll box as last measured, and the range it rendered; a scroll re-renders only when the range changes.
  const view = useRef<View>({ top: 0, height: 0, head: 0 });
  const rendered = useRef<Range>([0, 0]);
  const [, rerender] = useState(0);
  // The line that holds the keyboard focus stays rendered wherever the grid scrolls.
  const [focusKey, setFocusKey] = useState<string | null>(null);

  // A scanned item shows where the cashier looks: a new line at the end scrolls into view. The
  // range is worked out for that scroll in this render, so line and scroll paint in one frame.
  const appended = lines.length > count.current;
  const range = rangeFor(
    lines.length,
    appended ? { ...view.current, top: bottom(lines.length, view.current) } : view.current,
    windowFrom,
  );
  const [first, end] = range;

  const measure = useCallback(() => {
    const el = box.current;
    if (!el) return;
    view.current = { top: el.scrollTop, height: el.clientHeight, head: el.querySelector('thead')?.offsetHeight ?? 0 };
    const [a, b] = rangeFor(count.current, view.current, windowFrom);
    if (a !== rendered.current[0] || b !== rendered.current[1]) rerender((n) => n + 1);
  }, [windowFrom]);

  const scrollFrame = useRef(0);
  useLayoutEffect(() => {
    rendered.current = range;
    const el = box.current;
    if (el && lines.length > count.current) {
      // The bottom, as this render's range assumed; the browser clamps it, and the scroll event that follows
      // re-measures. Set just before the frame is drawn, not now: setting it now would lay the page out at once, and
      // the frame would lay it out again after what follows the scan (the strip, the flash).
      const top = bottom(lines.length, view.current);
      cancelAnimationFrame(scrollFrame.current);
      scrollFrame.current = requestAnimationFrame(() => {
        el.scrollTop = top;
      });
      view.current = { ...view.current, top };
    }
    count.current = lines.length;
  });
  useEffect(() => () => cancelAnimationFrame(scrollFrame.current), []);

  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure]);

  const shown: number[] = [];
  for (let i = first; i < end; i++) shown.push(i);
  const focusIndex = focusKey === null ? -1 : lines.findIndex((l) => l.key === focusKey);
  if (focusIndex >= 0 && (focusIndex < first || focusIndex >= end)) {
    shown.splice(focusIndex < first ? 0 : shown.length, 0, focusIndex);
  }
  const windowed = end - first < lines.length;

  return (
    <div className="grid-scroll" ref={box} onScroll={measure}>
      <table
        className={['line-grid', stock && 'with-stock', counter && 'counter'].filter(Boolean).join(' ')}
        role="table"
        aria-label="Invoice lines"
        aria-rowcount={windowed ? lines.length + 1 : undefined}
      >
        <colgroup>
          <col className="c-item" />
          {!counter && <col className="c-desc" />}
          <col className="c-qty" />
          {stock && <col className="c-stock" />}
          <col className="c-price" />
          {!counter && <col className="c-tax" />}
          {!counter && <col className="c-rate" />}
          <col className="c-total" />
          <col className="c-sn" />
          <col className="c-remove" />
        </colgroup>
        <thead role="rowgroup">
          <tr role="row" aria-rowindex={windowed ? 1 : undefined}>
            <th role="columnheader" scope="col">
              Item
            </th>
            {!counter && (
              <th role="columnheader" scope="col">
                Description
              </th>
            )}
            <th role="columnheader" scope="col" className="num">
              Qty
            </th>
            {stock && (
              <th role="columnheader" scope="col" className="num">
                On hand
              </th>
            )}
            <th role="columnheader" scope="col" className="num">
              Unit price
            </th>
            {!counter && (
              <th role="columnheader" scope="col">
                Taxable
              </th>
            )}
            {!counter && (
              <th role="columnheader" scope="col">
                Tax rate
              </th>
            )}
            <th role="columnheader" scope="col" className="num">
              Line total
            </th>
            <th role="columnheader" scope="col">
              Serials
            </th>
            <th role="columnheader" scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody
          role="rowgroup"
          style={{ height: lines.length * ROW_HEIGHT || undefined }}
          onFocus={(e) => setFocusKey((e.target as HTMLElement).closest('tr')?.dataset.key ?? null)}
        >
          {lines.length === 0 && (
            <tr className="empty-row" role="row">
              <td role="cell" colSpan={(stock ? 10 : 9) - (counter ? 3 : 0)}>
                No items yet. Scan a barcode or an SN: label, or search above.
              </td>
            </tr>
          )}
          {shown.map((i) => {
            const line = lines[i]!;
            const onHand = stock?.get(line.key);
            const discount = counter?.discounts.get(line.key);
            return (
              <LineRow
                key={line.key}
                index={i}
                rowIndex={windowed ? i + 2 : undefined}
                line={line}
                showStock={stock !== undefined}
                onHandMilli={onHand?.onHandMilli ?? null}
                short={onHand?.short ?? false}
                compact={counter !== undefined}
                discountText={discount?.text ?? null}
                discountMinor={discount?.minor ?? 0}
                rates={rates}
                readOnly={readOnly}
                onChange={onChange}
                onRemove={onRemove}
                onOpenSerials={onOpenSerials}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

type RowProps = Omit<Props, 'lines' | 'stock' | 'counter' | 'windowFrom'> & {
  line: DraftLine;
  index: number;
  rowIndex: number | undefined;
  showStock: boolean;
  /** Primitives, not the LineStock object: a scan re-renders only the rows whose stock changed. */
  onHandMilli: number | null;
  short: boolean;
  /** The counter's columns; its line discount as text, and its money (off the line total). */
  compact: boolean;
  discountText: string | null;
  discountMinor: number;
};

/**
 * One line, placed by its index. Memoised: lines are immutable in the draft store and the
 * callbacks are stable, so a scan that adds line 201 renders that line only.
 */
const LineRow = memo(function LineRow({
  line,
  index,
  rowIndex,
  rates,
  readOnly,
  onChange,
  onRemove,
  onOpenSerials,
  showStock,
  onHandMilli,
  short,
  compact,
  discountText,
  discountMinor,
}: RowProps) {
  const money = useMoney();
  const ids = useId();
  const qty = lineQty(line, money.format.locale);
  const qtyError = qtyProblem(line, money.format.locale);
  const price = readPrice(line.priceText, money.format, line.deposit === true);
  const priceError = 'message' in price ? price.message : null;
  const manual = line.productId === null;
  const locale = money.format.locale;
  const qtyDescribedBy = [qtyError && `${ids}-qty`, short && `${ids}-stock`].filter(Boolean).join(' ') || undefined;
  return (
    <tr role="row" aria-rowindex={rowIndex} data-key={line.key} style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}>
      <td role="cell" className="item">
        <span className="name">{line.label}</span>
        <span className="sku">
          {manual ? 'No product' : line.sku}
          {line.counted && ' · counted at the run'}
        </span>
      </td>
      {!compact && (
        <td role="cell">
          <input
            aria-label={manual ? `Name of ${line.label}` : `Description for ${line.label}`}
            value={line.description}
            disabled={readOnly}
            aria-invalid={manual && !line.description.trim()}
            placeholder={manual ? 'Name of the item' : undefined}
            onChange={(e) => onChange(line.key, { description: e.target.value })}
          />
        </td>
      )}
      <td role="cell" className="num cell-field">
        <input
          aria-label={`Qty for ${line.label}`}
          inputMode={line.serialized ? 'numeric' : 'decimal'}
          className="qty"
          value={line.qtyText}
          disabled={readOnly}
          aria-invalid={qtyError !== null}
          aria-describedby={qtyDescribedBy}
          data-short={short || undefined}
          onChange={(e) => onChange(line.key, { qtyText: e.target.value })}
        />
        {qtyError && (
          <span id={`${ids}-qty`} className="cell-error">
            {qtyError}
          </span>
        )}
      </td>
      {showStock && (
        <td role="cell" className="num on-hand">
          {onHandMilli !== null && !short && formatQtyMilli(onHandMilli, locale)}
          {onHandMilli !== null && short && (
            <span id={`${ids}-stock`} className="stock-short">
              {stockWarning(onHandMilli, locale)}
            </span>
          )}
        </td>
      )}
      <td role="cell" className="num cell-field">
        <input
          aria-label={`Unit price for ${line.label}`}
          inputMode="decimal"
          className="price"
          value={line.priceText}
          disabled={readOnly}
          aria-invalid={priceError !== null}
          aria-describedby={priceError ? `${ids}-price` : undefined}
          onChange={(e) => onChange(line.key, { priceText: e.target.value })}
        />
        {priceError && (
          <span id={`${ids}-price`} className="cell-error">
            {priceError}
          </span>
        )}
      </td>
      {!compact && (
        <td role="cell">
          <input
            type="checkbox"
            aria-label={`Taxable for ${line.label}`}
            checked={line.taxable}
            disabled={readOnly}
            onChange={(e) => onChange(line.key, { taxable: e.target.checked })}
          />
        </td>
      )}
      {!compact && (
        <td role="cell">
          <RateSelect line={line} rates={rates} disabled={readOnly} onChange={onChange} />
        </td>
      )}
      <td role="cell" className="num line-total">
        {qty !== null && 'minor' in price ? money.text(lineTotalMinor(qty, price.minor) - discountMinor) : '—'}
        {discountText && <span className="line-discount">{discountText}</span>}
      </td>
      <td role="cell" className="serials">
        {line.serialized && (
          <SerialsCell
            line={line}
            units={lineUnits(line, money.format.locale)}
            disabled={readOnly}
            onOpen={() => onOpenSerials(line.key)}
          />
        )}
      </td>
      <td role="cell">
        {!readOnly && (
          <button
            type="button"
            className="icon"
            aria-label={`Remove ${line.label}`}
            title="Remove line"
            onClick={() => onRemove(line.key)}
          >
            ✕
          </button>
        )}
      </td>
    </tr>
  );
});

/** The amber warning of a line that needs more than is on hand. */
export const stockWarning = (onHandMilli: number, locale: string) =>
  onHandMilli > 0
    ? `Only ${formatQtyMilli(onHandMilli, locale)} on hand`
    : onHandMilli === 0
      ? 'None on hand'
      : `None on hand (${formatQtyMilli(onHandMilli, locale)})`;

/** "Sales tax 7.5%"; a name that does not say its rate gets it added: "Labour (0%)". */
const rateText = (name: string, bp: number) => (name.includes('%') ? name : `${name} (${formatRate(bp)})`);

const SAVED = 'saved';

/**
 * The line's tax rate: the shop's active rates only; a saved line whose rate has changed since (renamed, another
 * rate, archived) shows the rate it was saved with, as saved, until another is chosen.
 */
function RateSelect({
  line,
  rates,
  disabled,
  onChange,
}: {
  line: DraftLine;
  rates: TaxRate[] | undefined;
  disabled: boolean;
  onChange: Props['onChange'];
}) {
  const saved = line.savedRate;
  const current = rates?.find((r) => r.id === (saved ? saved.id : line.taxRateId));
  const unchanged =
    saved !== null &&
    current !== undefined &&
    !current.archived &&
    current.name === saved.name &&
    current.rateBp === saved.bp;
  const options = (rates ?? []).filter((r) => !r.archived);
  const value = saved && !unchanged ? SAVED : String(saved ? saved.id : (line.taxRateId ?? ''));
  return (
    <select
      aria-label={`Tax rate for ${line.label}`}
      value={value}
      disabled={disabled}
      onChange={(e) => {
        if (e.target.value !== SAVED) onChange(line.key, { taxRateId: Number(e.target.value) });
      }}
    >
      {saved && !unchanged && <option value={SAVED}>{`${rateText(saved.name, saved.bp)} (as saved)`}</option>}
      {!options.some((r) => String(r.id) === value) && value !== SAVED && (
        <option value={value}>{current ? rateText(current.name, current.rateBp) : 'Default rate'}</option>
      )}
      {options.map((r) => (
        <option key={r.id} value={r.id}>
          {rateText(r.name, r.rateBp)}
        </option>
      ))}
    </select>
  );
}

/** [SN] when every unit has its serial; "captured/qty" in warning style otherwise. */
function SerialsCell({
  line,
  units,
  disabled,
  onOpen,
}: {
  line: DraftLine;
  units: number | null;
  disabled: boolean;
  onOpen: () => void;
}) {
  const tipId = useId();
  const captured = line.serials.length;
  const complete = units !== null && captured === units;
  const state = complete ? 'complete' : captured === 0 ? 'missing' : 'partial';
  const tip = captured === 0 ? 'No serials captured yet' : `Captured: ${line.serials.map((s) => s.serial).join(', ')}`;
  return (
    <span className="sn-wrap">
      <button
        type="button"
        className={`sn-cell sn-${state}`}
        aria-label={`Serials for ${line.label}`}
        aria-describedby={tipId}
        data-state={state}
        disabled={disabled}
        onClick={onOpen}
      >
        {complete ? (
          '[SN]'
        ) : (
          <>
            <span aria-hidden="true">{state === 'missing' ? '⚠ ' : ''}</span>
            {captured}/{units ?? '?'}
          </>
        )}
      </button>
      <span role="tooltip" id={tipId} className="tooltip">
        {tip}
      </span>
    </span>
  );
}
