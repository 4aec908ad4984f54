// The recurring template's lines editor: standard line items (a product from the item search, or a manual item;
// quantity, price, taxable, tax rate), asset counters (the asset type counted at each run) and customer contact
// counters (optionally only contacts with a custom field set). A serial-tracked product on a standard line is
// flagged at once with the store's own refusal; switching the line to an asset counter is the way out.
import { useId, useState } from 'react';
import { recurringLineKindLabel, RECURRING_LINE_KINDS, type RecurringLineKind } from '../../core/enums.ts';
import type { Product } from '../../core/model.ts';
import { serializedLineMessage } from '../../core/recurringText.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { ItemSearch } from '../invoice/ItemSearch.tsx';

/** A line as the editor holds it (texts as typed; read into numbers on Save). */
export interface LineDraft {
  key: string;
  kind: RecurringLineKind;
  productId: number | null;
  productName: string | null;
  /** The product is serial-tracked (refused on a standard line). */
  serialized: boolean;
  /** The product's asset type ('' none): what an asset counter made from it counts. */
  productAssetType: string;
  description: string;
  qtyText: string;
  priceText: string;
  taxable: boolean;
  taxRateId: number | null;
  assetType: string;
  contactFieldId: number | null;
  contactFieldValue: string;
}

let keys = 0;
export const nextLineKey = () => `r${++keys}`;

export const emptyLine = (kind: RecurringLineKind): LineDraft => ({
  key: nextLineKey(),
  kind,
  productId: null,
  productName: null,
  serialized: false,
  productAssetType: '',
  description: '',
  qtyText: '1',
  priceText: '',
  taxable: true,
  taxRateId: null,
  assetType: '',
  contactFieldId: null,
  contactFieldValue: '',
});

/** The refusal a line would meet on Save, shown as soon as it is there. */
export const lineProblem = (l: LineDraft) =>
  l.kind === 'standard' && l.serialized && l.productName !== null
    ? serializedLineMessage(l.productName, l.productAssetType)
    : null;

export function RecurringLines({
  lines,
  disabled,
  onChange,
  onMessage,
}: {
  lines: LineDraft[];
  disabled: boolean;
  onChange: (lines: LineDraft[]) => void;
  onMessage: (text: string) => void;
}) {
  const api = useApi();
  const money = useMoney();
  const listId = useId();
  const [kind, setKind] = useState<RecurringLineKind>('standard');
  const rates = useApiQuery('listTaxRates', {});
  const fields = useApiQuery('listContactFields', {});
  const types = useApiQuery('assetTypes', {});
  const change = (key: string, patch: Partial<LineDraft>) =>
    onChange(lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const addProduct = (p: Product) =>
    onChange([
      ...lines,
      {
        ...emptyLine('standard'),
        productId: p.id,
        productName: p.name,
        serialized: p.serialized,
        productAssetType: p.assetType,
        description: p.name,
        priceText: money.input(p.priceMinor),
        taxable: p.taxable,
      },
    ]);

  return (
    <section aria-labelledby={`${listId}-title`}>
      <h2 id={`${listId}-title`}>Lines</h2>
      {!disabled && (
        <ItemSearch
          label="Item search"
          placeholder="Add a product or service"
          onPick={addProduct}
          onCode={async (code) => {
            const found = await api.findProductByCode({ code });
            if (found.ok && found.value) addProduct(found.value);
            else onMessage(`No product has the code ${code}.`);
          }}
        />
      )}
      <datalist id={`${listId}-types`}>
        {(types.data ?? []).map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <table className="list" aria-label="Lines">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Description</th>
            <th scope="col">Quantity or what it counts</th>
            <th scope="col">Unit price</th>
            <th scope="col">Taxable</th>
            <th scope="col">Tax rate</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.length === 0 && (
            <tr>
              <td colSpan={7}>No lines yet.</td>
            </tr>
          )}
          {lines.map((l, i) => {
            const n = i + 1;
            const problem = lineProblem(l);
            // An archived field a saved line still counts by stays offered (marked), so the line reads as it is.
            const offered = (fields.data ?? []).filter((f) => !f.archived || f.id === l.contactFieldId);
            const field = offered.find((f) => f.id === l.contactFieldId);
            return [
              <tr key={l.key}>
                <td>
                  <select
                    aria-label={`Line ${n} type`}
                    value={l.kind}
                    disabled={disabled}
                    onChange={(e) => {
                      const next = e.target.value as RecurringLineKind;
                      change(l.key, {
                        kind: next,
                        ...(next === 'asset_counter' && !l.assetType ? { assetType: l.productAssetType } : {}),
                      });
                    }}
                  >
                    {RECURRING_LINE_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {recurringLineKindLabel[k]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    aria-label={`Line ${n} description`}
                    value={l.description}
                    placeholder={l.kind === 'standard' ? 'Manual item' : 'Shown on the invoice'}
                    disabled={disabled}
                    onChange={(e) => change(l.key, { description: e.target.value })}
                  />
                </td>
                <td>
                  {l.kind === 'standard' && (
                    <input
                      aria-label={`Line ${n} quantity`}
                      inputMode="decimal"
                      value={l.qtyText}
                      disabled={disabled}
                      onChange={(e) => change(l.key, { qtyText: e.target.value })}
                    />
                  )}
                  {l.kind === 'asset_counter' && (
                    <input
                      aria-label={`Line ${n} asset type`}
                      list={`${listId}-types`}
                      value={l.assetType}
                      placeholder="Laptop"
                      disabled={disabled}
                      onChange={(e) => change(l.key, { assetType: e.target.value })}
                    />
                  )}
                  {l.kind === 'contact_counter' && (
                    <>
                      <select
                        aria-label={`Line ${n} contact field`}
                        value={l.contactFieldId ?? ''}
                        disabled={disabled}
                        onChange={(e) =>
                          change(l.key, {
                            contactFieldId: e.target.value ? Number(e.target.value) : null,
                            contactFieldValue: '',
                          })
                        }
                      >
                        <option value="">Every contact</option>
                        {offered.map((f) => (
                          <option key={f.id} value={f.id}>
                            Only with {f.name}
                            {f.archived ? ' (archived)' : ''}
                          </option>
                        ))}
                      </select>
                      {field?.kind === 'yes_no' && (
                        <select
                          aria-label={`Line ${n} field value`}
                          value={l.contactFieldValue}
                          disabled={disabled}
                          onChange={(e) => change(l.key, { contactFieldValue: e.target.value })}
                        >
                          <option value="">Any value set</option>
                          <option value="yes">Yes</option>
                          <option value="no">No</option>
                        </select>
                      )}
                      {field?.kind === 'text' && (
                        <input
                          aria-label={`Line ${n} field value`}
                          value={l.contactFieldValue}
                          placeholder="Any value set"
                          disabled={disabled}
                          onChange={(e) => change(l.key, { contactFieldValue: e.target.value })}
                        />
                      )}
                    </>
                  )}
                </td>
                <td>
                  <input
                    aria-label={`Line ${n} unit price`}
                    inputMode="decimal"
                    value={l.priceText}
                    disabled={disabled}
                    onChange={(e) => change(l.key, { priceText: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Line ${n} taxable`}
                    checked={l.taxable}
                    disabled={disabled}
                    onChange={(e) => change(l.key, { taxable: e.target.checked })}
                  />
                </td>
                <td>
                  <select
                    aria-label={`Line ${n} tax rate`}
                    value={l.taxRateId ?? ''}
                    disabled={disabled}
                    onChange={(e) => change(l.key, { taxRateId: e.target.value ? Number(e.target.value) : null })}
                  >
                    <option value="">Product’s or default</option>
                    {(rates.data ?? [])
                      .filter((r) => !r.archived || r.id === l.taxRateId)
                      .map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.name}
                        </option>
                      ))}
                  </select>
                </td>
                <td>
                  {!disabled && (
                    <button
                      type="button"
                      aria-label={`Remove line ${n}`}
                      onClick={() => onChange(lines.filter((x) => x.key !== l.key))}
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>,
              problem && (
                <tr key={`${l.key}-problem`}>
                  <td colSpan={7}>
                    <p role="alert" className="message error">
                      Line {n}: {problem}
                    </p>
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
      {!disabled && (
        <div className="form-row">
          <label className="field">
            <span>Type</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as RecurringLineKind)}>
              {RECURRING_LINE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {recurringLineKindLabel[k]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => onChange([...lines, emptyLine(kind)])}>
            Add line
          </button>
        </div>
      )}
    </section>
  );
}
