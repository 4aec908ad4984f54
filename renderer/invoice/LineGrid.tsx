import { memo, useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { lineTotalMinor } from '../../core/money.ts';
import { useMoney } from '../components/ShopFormat.tsx';
import { lineQty, linePrice, type DraftLine } from './draft.ts';

interface Props {
  lines: DraftLine[];
  onChange: (key: string, patch: Partial<Pick<DraftLine, 'description' | 'qtyText' | 'priceText' | 'taxable'>>) => void;
  onRemove: (key: string) => void;
  onOpenSerials: (key: string) => void;
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
function rangeFor(count: number, view: View): Range {
  if (count <= WINDOW_FROM || view.height <= 0) return [0, count];
  const top = view.top - view.head;
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  return [first, Math.min(count, Math.ceil((top + view.height) / ROW_HEIGHT) + OVERSCAN)];
}

export function LineGrid({ lines, onChange, onRemove, onOpenSerials }: Props) {
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
  );
  const [first, end] = range;

  const measure = useCallback(() => {
    const el = box.current;
    if (!el) return;
    view.current = { top: el.scrollTop, height: el.clientHeight, head: el.querySelector('thead')?.offsetHeight ?? 0 };
    const [a, b] = rangeFor(count.current, view.current);
    if (a !== rendered.current[0] || b !== rendered.current[1]) rerender((n) => n + 1);
  }, []);

  useLayoutEffect(() => {
    rendered.current = range;
    const el = box.current;
    if (el && lines.length > count.current) {
      // The bottom, as this render's range assumed; the browser clamps it, and the scroll event that follows
      // re-measures.
      const top = bottom(lines.length, view.current);
      el.scrollTop = top;
      view.current = { ...view.current, top };
    }
    count.current = lines.length;
  });

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
        className="line-grid"
        role="table"
        aria-label="Invoice lines"
        aria-rowcount={windowed ? lines.length + 1 : undefined}
      >
        <colgroup>
          <col className="c-item" />
          <col className="c-desc" />
          <col className="c-qty" />
          <col className="c-price" />
          <col className="c-tax" />
          <col className="c-total" />
          <col className="c-sn" />
          <col className="c-remove" />
        </colgroup>
        <thead role="rowgroup">
          <tr role="row" aria-rowindex={windowed ? 1 : undefined}>
            <th role="columnheader" scope="col">
              Item
            </th>
            <th role="columnheader" scope="col">
              Description
            </th>
            <th role="columnheader" scope="col" className="num">
              Qty
            </th>
            <th role="columnheader" scope="col" className="num">
              Unit price
            </th>
            <th role="columnheader" scope="col">
              Taxable
            </th>
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
              <td role="cell" colSpan={8}>
                No items yet. Scan a barcode or an SN: label, or search above.
              </td>
            </tr>
          )}
          {shown.map((i) => {
            const line = lines[i]!;
            return (
              <LineRow
                key={line.key}
                index={i}
                rowIndex={windowed ? i + 2 : undefined}
                line={line}
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

type RowProps = Omit<Props, 'lines'> & { line: DraftLine; index: number; rowIndex: number | undefined };

/**
 * One line, placed by its index. Memoised: lines are immutable in the draft store and the
 * callbacks are stable, so a scan that adds line 201 renders that line only.
 */
const LineRow = memo(function LineRow({ line, index, rowIndex, onChange, onRemove, onOpenSerials }: RowProps) {
  const money = useMoney();
  const qty = lineQty(line);
  const price = linePrice(line, money.format);
  return (
    <tr role="row" aria-rowindex={rowIndex} data-key={line.key} style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}>
      <td role="cell" className="item">
        <span className="name">{line.productName}</span>
        <span className="sku">{line.sku}</span>
      </td>
      <td role="cell">
        <input
          aria-label={`Description for ${line.productName}`}
          value={line.description}
          onChange={(e) => onChange(line.key, { description: e.target.value })}
        />
      </td>
      <td role="cell" className="num">
        <input
          aria-label={`Qty for ${line.productName}`}
          inputMode="numeric"
          className="qty"
          value={line.qtyText}
          aria-invalid={qty === null}
          onChange={(e) => onChange(line.key, { qtyText: e.target.value })}
        />
      </td>
      <td role="cell" className="num">
        <input
          aria-label={`Unit price for ${line.productName}`}
          inputMode="decimal"
          className="price"
          value={line.priceText}
          aria-invalid={price === null}
          onChange={(e) => onChange(line.key, { priceText: e.target.value })}
        />
      </td>
      <td role="cell">
        <input
          type="checkbox"
          aria-label={`Taxable for ${line.productName}`}
          checked={line.taxable}
          onChange={(e) => onChange(line.key, { taxable: e.target.checked })}
        />
      </td>
      <td role="cell" className="num line-total">
        {qty !== null && price !== null ? money.text(lineTotalMinor(qty, price)) : '—'}
      </td>
      <td role="cell" className="serials">
        {line.serialized && <SerialsCell line={line} qty={qty} onOpen={() => onOpenSerials(line.key)} />}
      </td>
      <td role="cell">
        <button
          type="button"
          className="icon"
          aria-label={`Remove ${line.productName}`}
          title="Remove line"
          onClick={() => onRemove(line.key)}
        >
          ✕
        </button>
      </td>
    </tr>
  );
});

/** [SN] when every unit has its serial; "captured/qty" in warning style otherwise. */
function SerialsCell({ line, qty, onOpen }: { line: DraftLine; qty: number | null; onOpen: () => void }) {
  const tipId = useId();
  const captured = line.serials.length;
  const complete = qty !== null && captured === qty;
  const state = complete ? 'complete' : captured === 0 ? 'missing' : 'partial';
  const tip = captured === 0 ? 'No serials captured yet' : `Captured: ${line.serials.map((s) => s.serial).join(', ')}`;
  return (
    <span className="sn-wrap">
      <button
        type="button"
        className={`sn-cell sn-${state}`}
        aria-label={`Serials for ${line.productName}`}
        aria-describedby={tipId}
        data-state={state}
        onClick={onOpen}
      >
        {complete ? (
          '[SN]'
        ) : (
          <>
            <span aria-hidden="true">{state === 'missing' ? '⚠ ' : ''}</span>
            {captured}/{qty ?? '?'}
          </>
        )}
      </button>
      <span role="tooltip" id={tipId} className="tooltip">
        {tip}
      </span>
    </span>
  );
}
