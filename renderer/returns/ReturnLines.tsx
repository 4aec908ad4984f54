// One sale line on the Returns screen: its row (the quantity and disposition of a line without serials), then a row
// per unit of a serial-tracked line (a checkbox named by its serial, and its disposition once ticked).
import { RETURN_DISPOSITIONS, returnDispositionLabel, type ReturnDisposition } from '../../core/enums.ts';
import { leftToReturn, type LinePick, type SaleLine } from './returnPicks.ts';

interface LineRowsProps {
  line: SaleLine;
  pick: LinePick | undefined;
  qty: (milli: number) => string;
  unitPrice: string;
  onQty: (text: string) => void;
  onDisposition: (disposition: ReturnDisposition) => void;
  onUnit: (serialId: number, disposition: ReturnDisposition | null) => void;
}

/** One sale line: its row (quantity and disposition for a line without serials), then a row per unit. */
export function ReturnLineRows({ line, pick, qty, unitPrice, onQty, onDisposition, onUnit }: LineRowsProps) {
  const left = leftToReturn(line);
  const ticked = pick ? Object.keys(pick.units).length : 0;
  return (
    <tbody>
      <tr>
        <th scope="row">
          {line.description}
          {line.sku && <span className="sku"> {line.sku}</span>}
        </th>
        <td className="num">{qty(line.qty)}</td>
        <td className="num">{qty(line.returnedQty)}</td>
        <td className="num">{unitPrice}</td>
        <td>
          {line.serialized ? (
            <span>{ticked > 0 ? `${ticked} ticked` : left === 0 ? 'All returned' : 'Tick the units'}</span>
          ) : left === 0 ? (
            <span>All returned</span>
          ) : (
            <input
              className="qty"
              inputMode="decimal"
              aria-label={`Return quantity of ${line.description}`}
              placeholder={`up to ${qty(left)}`}
              value={pick?.qtyText ?? ''}
              onChange={(e) => onQty(e.target.value)}
            />
          )}
        </td>
        <td>
          {!line.serialized && line.movesStock && left > 0 && (
            <DispositionSelect
              label={`Disposition of ${line.description}`}
              value={pick?.disposition ?? 'stock'}
              onChange={onDisposition}
            />
          )}
        </td>
      </tr>
      {line.units.map((unit) => {
        const disposition = pick?.units[unit.serialId];
        return (
          <tr key={unit.serialId} className={`unit-row${disposition ? ' ticked' : ''}`}>
            <td colSpan={4}>
              <label className="unit-pick">
                <input
                  type="checkbox"
                  checked={disposition !== undefined}
                  disabled={unit.returned}
                  onChange={(e) => onUnit(unit.serialId, e.target.checked ? 'stock' : null)}
                />
                {unit.serial}
                {unit.returned && <span className="hint"> (returned)</span>}
              </label>
            </td>
            <td />
            <td>
              {disposition && (
                <DispositionSelect
                  label={`Disposition of ${unit.serial}`}
                  value={disposition}
                  onChange={(d) => onUnit(unit.serialId, d)}
                />
              )}
            </td>
          </tr>
        );
      })}
    </tbody>
  );
}

function DispositionSelect(props: {
  label: string;
  value: ReturnDisposition;
  onChange: (disposition: ReturnDisposition) => void;
}) {
  return (
    <select
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value as ReturnDisposition)}
    >
      {RETURN_DISPOSITIONS.map((d) => (
        <option key={d} value={d}>
          {returnDispositionLabel[d]}
        </option>
      ))}
    </select>
  );
}
