import { memo, useId, useLayoutEffect, useRef } from 'react';
import { formatMinor, lineTotalMinor } from '../../db/money.ts';
import { lineQty, linePrice, type DraftLine } from './draft.ts';

interface Props {
  lines: DraftLine[];
  onChange: (key: string, patch: Partial<Pick<DraftLine, 'description' | 'qtyText' | 'priceText' | 'taxable'>>) => void;
  onRemove: (key: string) => void;
  onOpenSerials: (key: string) => void;
}

export function LineGrid({ lines, onChange, onRemove, onOpenSerials }: Props) {
  // A scanned item shows where the cashier looks: a new line at the end scrolls into view.
  const box = useRef<HTMLDivElement>(null);
  const count = useRef(lines.length);
  useLayoutEffect(() => {
    if (lines.length > count.current && box.current) box.current.scrollTop = box.current.scrollHeight;
    count.current = lines.length;
  }, [lines.length]);
  return (
    <div className="grid-scroll" ref={box}>
    <table className="line-grid" role="table" aria-label="Invoice lines">
      <colgroup>
        <col className="c-item" /><col className="c-desc" /><col className="c-qty" /><col className="c-price" />
        <col className="c-tax" /><col className="c-total" /><col className="c-sn" /><col className="c-remove" />
      </colgroup>
      <thead role="rowgroup">
        <tr role="row">
          <th role="columnheader" scope="col">Item</th>
          <th role="columnheader" scope="col">Description</th>
          <th role="columnheader" scope="col" className="num">Qty</th>
          <th role="columnheader" scope="col" className="num">Unit price</th>
          <th role="columnheader" scope="col">Taxable</th>
          <th role="columnheader" scope="col" className="num">Line total</th>
          <th role="columnheader" scope="col">Serials</th>
          <th role="columnheader" scope="col"><span className="visually-hidden">Remove</span></th>
        </tr>
      </thead>
      <tbody role="rowgroup">
        {lines.length === 0 && (
          <tr className="empty-row" role="row">
            <td role="cell" colSpan={8}>No items yet. Scan a barcode or an SN: label, or search above.</td>
          </tr>
        )}
        {lines.map((line) => <LineRow key={line.key} line={line} onChange={onChange} onRemove={onRemove} onOpenSerials={onOpenSerials} />)}
      </tbody>
    </table>
    </div>
  );
}

type RowProps = Omit<Props, 'lines'> & { line: DraftLine };

/**
 * One line. Memoised: lines are immutable in the draft store and the callbacks are stable, so a
 * scan that adds line 201 renders that line only, not the 200 before it.
 */
const LineRow = memo(function LineRow({ line, onChange, onRemove, onOpenSerials }: RowProps) {
  const qty = lineQty(line);
  const price = linePrice(line);
  return (
    <tr role="row">
      <td role="cell" className="item">
        <span className="name">{line.productName}</span>
        <span className="sku">{line.sku}</span>
      </td>
      <td role="cell">
        <input aria-label={`Description for ${line.productName}`} value={line.description} onChange={(e) => onChange(line.key, { description: e.target.value })} />
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
        <input type="checkbox" aria-label={`Taxable for ${line.productName}`} checked={line.taxable} onChange={(e) => onChange(line.key, { taxable: e.target.checked })} />
      </td>
      <td role="cell" className="num line-total">{qty !== null && price !== null ? formatMinor(lineTotalMinor(qty, price)) : '—'}</td>
      <td role="cell" className="serials">
        {line.serialized && <SerialsCell line={line} qty={qty} onOpen={() => onOpenSerials(line.key)} />}
      </td>
      <td role="cell">
        <button type="button" className="icon" aria-label={`Remove ${line.productName}`} title="Remove line" onClick={() => onRemove(line.key)}>✕</button>
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
        {complete ? '[SN]' : (
          <>
            <span aria-hidden="true">{state === 'missing' ? '⚠ ' : ''}</span>
            {captured}/{qty ?? '?'}
          </>
        )}
      </button>
      <span role="tooltip" id={tipId} className="tooltip">{tip}</span>
    </span>
  );
}
