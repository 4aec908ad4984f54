// The lines of a stock document (a transfer, a goods issue): a table of product, quantity and serials, the product
// search that adds a line, and the invoice's Capture Serials dialog that picks a serialized line's units at the
// location the stock leaves. The screen keeps the draft; every change comes back through onLines.
import { useMemo, useState, type ReactNode } from 'react';
import type { Product } from '../../core/model.ts';
import { useApi } from '../api/ApiProvider.tsx';
import type { ScreenMessage } from '../components/Message.tsx';
import { CaptureSerialsDialog } from '../invoice/CaptureSerialsDialog.tsx';
import { lineUnits } from '../invoice/draft.ts';
import { ItemSearch, type ItemSearchAnswer } from '../invoice/ItemSearch.tsx';
import { lookupProductCode } from '../invoice/productCode.ts';
import type { StockDraftLine } from './stockLines.ts';

export interface StockLinesEditorProps {
  /** The table's accessible name. */
  label: string;
  lines: readonly StockDraftLine[];
  editable: boolean;
  locale: string;
  /** The line a refused save points at (its inputs are marked invalid). */
  refusedKey: string | null;
  /** A transfer moves fractions of a product without serials; a goods issue whole units only. */
  qtyInputMode: 'decimal' | 'numeric';
  /** 'invoice': the invoice's [SN] cell ("Serials for …"); 'count': "SN picked/quantity" ("Serials of …"). */
  serialsCell: 'invoice' | 'count';
  /** What a service cannot be, in "… keeps no stock, so it cannot be {refusal}." */
  refusal: string;
  /** Where the units are picked from (Capture Serials opens only once it is chosen). */
  locationId: number | null;
  locationName: string;
  /** A saved document's units of one line, shown once it is no longer editable. */
  savedUnits: (line: StockDraftLine, index: number) => ReactNode;
  /** One more column after Serials (the transfer's Received), when the document has it. */
  extraColumn?: { header: ReactNode; cell: (index: number) => ReactNode } | undefined;
  newLine: (product: Product) => StockDraftLine;
  onLines: (change: (lines: StockDraftLine[]) => StockDraftLine[]) => void;
  onMessage: (message: ScreenMessage) => void;
}

export function StockLinesEditor(props: StockLinesEditorProps) {
  const { lines, editable, locale, refusedKey, onLines, onMessage } = props;
  const api = useApi();
  const [captureKey, setCaptureKey] = useState<string | null>(null);
  const captureLine = lines.find((l) => l.key === captureKey);
  const takenElsewhere = useMemo(
    () => new Set(lines.filter((l) => l.key !== captureKey).flatMap((l) => l.serials.map((s) => s.id))),
    [lines, captureKey],
  );
  const setLine = (key: string, patch: Partial<StockDraftLine>) =>
    onLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));

  function addProduct(p: Product) {
    if (!p.maintainStock)
      return onMessage({
        tone: 'error',
        text: `${p.name} is a service and keeps no stock, so it cannot be ${props.refusal}.`,
      });
    const line = props.newLine(p);
    onLines((ls) => [...ls, line]);
    if (p.serialized) setCaptureKey(line.key);
    return undefined;
  }
  async function addByCode(code: string): Promise<void | ItemSearchAnswer> {
    const found = await lookupProductCode(api, code);
    if (found.kind === 'product') return addProduct(found.product);
    if (found.kind === 'several') {
      onMessage({ tone: 'error', text: `More than one product matches “${code}”: pick one from the list.` });
      return { matches: found.matches };
    }
    const text = found.kind === 'error' ? found.message : `No product has the barcode or SKU “${code}”.`;
    return onMessage({ tone: 'error', text });
  }

  return (
    <>
      <table className="list" aria-label={props.label}>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col">Serials</th>
            {props.extraColumn?.header}
            {editable && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {lines.length === 0 && (
            <tr>
              <td colSpan={props.extraColumn ? 5 : 4} className="empty">
                Add products with the search below.
              </td>
            </tr>
          )}
          {lines.map((l, i) => {
            const units = lineUnits(l, locale);
            const refused = refusedKey === l.key ? { 'aria-invalid': true as const } : {};
            const complete = l.serials.length === units;
            return (
              <tr key={l.key}>
                <td>
                  {l.label} <span className="meta">{l.sku}</span>
                </td>
                <td className="num">
                  {editable ? (
                    <input
                      className="qty"
                      aria-label={`Quantity of ${l.label}`}
                      inputMode={props.qtyInputMode}
                      value={l.qtyText}
                      {...refused}
                      onChange={(e) => setLine(l.key, { qtyText: e.target.value })}
                    />
                  ) : (
                    l.qtyText
                  )}
                </td>
                <td>
                  {l.serialized && editable && props.serialsCell === 'invoice' && (
                    <button
                      type="button"
                      // The invoice's [SN] cell: [SN] once every unit is picked, "picked/quantity" until then.
                      className={`sn-cell sn-${complete ? 'complete' : 'missing'}`}
                      aria-label={`Serials for ${l.label}`}
                      {...refused}
                      onClick={() => setCaptureKey(l.key)}
                    >
                      {complete ? '[SN]' : `${l.serials.length}/${units ?? '?'}`}
                    </button>
                  )}
                  {l.serialized && editable && props.serialsCell === 'count' && (
                    <button
                      type="button"
                      aria-label={`Serials of ${l.label}`}
                      {...refused}
                      onClick={() => setCaptureKey(l.key)}
                    >
                      SN {l.serials.length}/{units ?? '?'}
                    </button>
                  )}
                  {!editable && props.savedUnits(l, i)}
                </td>
                {props.extraColumn?.cell(i)}
                {editable && (
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-label={`Remove ${l.label}`}
                      onClick={() => onLines((ls) => ls.filter((x) => x.key !== l.key))}
                    >
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {editable && (
        <ItemSearch
          label="Add product"
          placeholder="Scan or type a barcode, SKU or name to add a line"
          onPick={addProduct}
          onCode={addByCode}
        />
      )}
      {captureLine && props.locationId !== null && (
        <CaptureSerialsDialog
          line={captureLine}
          locationId={props.locationId}
          locationName={props.locationName}
          invoiceId={null}
          takenElsewhere={takenElsewhere}
          onCancel={() => setCaptureKey(null)}
          onConfirm={(serials) => {
            setLine(captureLine.key, { serials });
            setCaptureKey(null);
          }}
        />
      )}
    </>
  );
}
