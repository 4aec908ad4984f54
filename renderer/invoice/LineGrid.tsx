import { useId } from 'react';
import { formatMinor, lineTotalMinor } from '../../db/money.ts';
import { lineQty, linePrice, type DraftLine } from './draft.ts';

interface Props {
  lines: DraftLine[];
  onChange: (key: string, patch: Partial<Pick<DraftLine, 'description' | 'qtyText' | 'priceText' | 'taxable'>>) => void;
  onRemove: (key: string) => void;
  onOpenSerials: (key: string) => void;
}

export function LineGrid({ lines, onChange, onRemove, onOpenSerials }: Props) {
  return (
    <table className="line-grid" aria-label="Invoice lines">
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">Description</th>
          <th scope="col" className="num">Qty</th>
          <th scope="col" className="num">Unit price</th>
          <th scope="col">Taxable</th>
          <th scope="col" className="num">Line total</th>
          <th scope="col">Serials</th>
          <th scope="col"><span className="visually-hidden">Remove</span></th>
        </tr>
      </thead>
      <tbody>
        {lines.length === 0 && (
          <tr className="empty-row">
            <td colSpan={8}>No items yet. Scan a barcode or an SN: label, or search above.</td>
          </tr>
        )}
        {lines.map((line) => {
          const qty = lineQty(line);
          const price = linePrice(line);
          return (
            <tr key={line.key}>
              <td className="item">
                <span className="name">{line.productName}</span>
                <span className="sku">{line.sku}</span>
              </td>
              <td>
                <input aria-label={`Description for ${line.productName}`} value={line.description} onChange={(e) => onChange(line.key, { description: e.target.value })} />
              </td>
              <td className="num">
                <input
                  aria-label={`Qty for ${line.productName}`}
                  inputMode="numeric"
                  className="qty"
                  value={line.qtyText}
                  aria-invalid={qty === null}
                  onChange={(e) => onChange(line.key, { qtyText: e.target.value })}
                />
              </td>
              <td className="num">
                <input
                  aria-label={`Unit price for ${line.productName}`}
                  inputMode="decimal"
                  className="price"
                  value={line.priceText}
                  aria-invalid={price === null}
                  onChange={(e) => onChange(line.key, { priceText: e.target.value })}
                />
              </td>
              <td>
                <input type="checkbox" aria-label={`Taxable for ${line.productName}`} checked={line.taxable} onChange={(e) => onChange(line.key, { taxable: e.target.checked })} />
              </td>
              <td className="num line-total">{qty !== null && price !== null ? formatMinor(lineTotalMinor(qty, price)) : '—'}</td>
              <td className="serials">
                {line.serialized && <SerialsCell line={line} qty={qty} onOpen={() => onOpenSerials(line.key)} />}
              </td>
              <td>
                <button type="button" className="icon" aria-label={`Remove ${line.productName}`} title="Remove line" onClick={() => onRemove(line.key)}>✕</button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

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
