import { useState, type FormEvent } from 'react';
import { QueryError } from '../components/Filters.tsx';
import type { ProductWithStock, TaxRate } from '../../core/model.ts';
import { gtinCheckDigitValid } from '../../core/gtin.ts';
import { formatQtyMilli, formatRate, MAX_UNIT_PRICE_MINOR } from '../../core/money.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { PAGE_SIZE, Pager } from '../components/Pager.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';
import { AssetTypeInput } from '../customers/AssetTypeInput.tsx';

export function ProductsScreen() {
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<ProductWithStock | 'new' | null>(null);
  const go = useNav((s) => s.go);
  const money = useMoney();
  const list = useApiQuery('listProducts', { query, limit: PAGE_SIZE, offset });
  // In transit and reserved per location, for the stock-keeping products on this page.
  const stocked = (list.data?.rows ?? []).filter((p) => p.maintainStock).map((p) => p.id);
  const byLocation = useApiQuery('stockByLocation', { productIds: stocked }, stocked.length > 0);
  const figures = new Map((byLocation.data ?? []).map((r) => [r.productId, r.locations]));
  /** "Warehouse: 2" per location where the figure is not zero; "None" when it is zero everywhere. */
  const perLocation = (productId: number, figure: 'inTransit' | 'reserved') => {
    const at = figures.get(productId);
    if (!at) return '';
    const nonZero = at.filter((l) => l[figure] !== 0);
    return nonZero.length === 0
      ? 'None'
      : nonZero.map((l) => `${l.locationName}: ${formatQtyMilli(l[figure], money.format.locale)}`).join(', ');
  };

  return (
    <section className="products" aria-label="Products">
      <div className="screen-head">
        <h1>Products</h1>
        <button type="button" onClick={() => setEditing('new')}>
          New product
        </button>
      </div>
      <div className="filters">
        <label className="field">
          <span>Search products</span>
          <input
            type="search"
            value={query}
            placeholder="Name, SKU or barcode"
            onChange={(e) => {
              setQuery(e.target.value);
              setOffset(0);
            }}
          />
        </label>
      </div>
      <QueryError state={list} />
      <table className="list" aria-label="Products">
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col">Name</th>
            <th scope="col">Barcode</th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col">Tracking</th>
            <th scope="col">On hand</th>
            <th scope="col">In transit</th>
            <th scope="col">Reserved</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.status === 'ok' && list.data.rows.length === 0 && (
            <tr>
              <td colSpan={9} className="empty">
                No products match.
              </td>
            </tr>
          )}
          {list.data?.rows.map((p) => (
            <tr key={p.id}>
              <td>{p.sku}</td>
              <td>{p.name}</td>
              <td>{p.barcode ?? ''}</td>
              <td className="num">{money.text(p.priceMinor)}</td>
              <td>
                {p.serialized ? 'Serialized' : p.maintainStock ? 'Stocked' : 'Service'}
                {p.taxable ? '' : ' · tax-free'}
              </td>
              <td>
                {p.maintainStock &&
                  (p.stock.length === 0
                    ? 'None'
                    : p.stock
                        .map((s) => `${s.locationName}: ${formatQtyMilli(s.onHand, money.format.locale)}`)
                        .join(', '))}
                {p.serialized && p.serialCount > 0 && (
                  <>
                    {' '}
                    <button type="button" className="link" onClick={() => go({ name: 'serials', productId: p.id })}>
                      Serials
                    </button>
                  </>
                )}
              </td>
              <td>{p.maintainStock && perLocation(p.id, 'inTransit')}</td>
              <td>{p.maintainStock && perLocation(p.id, 'reserved')}</td>
              <td>
                <button type="button" className="link" aria-label={`Edit ${p.name}`} onClick={() => setEditing(p)}>
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.status === 'ok' && (
        <Pager offset={offset} count={list.data.rows.length} total={list.data.total} onOffset={setOffset} />
      )}
      {editing && <ProductForm product={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
    </section>
  );
}

/** A warning (not a refusal) for a numeric barcode whose GS1 check digit does not add up. */
export function barcodeWarning(barcode: string): string | null {
  const code = barcode.trim();
  if (!/^(\d{8}|\d{12,14})$/.test(code) || gtinCheckDigitValid(code)) return null;
  return `The check digit of ${code} does not add up: a scan of this label may not match. Check the barcode.`;
}

/** The fields of the product form a refusal can name (details.field); any other refusal shows below the form. */
const FORM_FIELDS = new Set([
  'sku',
  'barcode',
  'name',
  'price',
  'taxRateId',
  'serialized',
  'maintainStock',
  'assetType',
]);

/** A rate as the select shows it: its name, with its size when the name does not say it. */
export const rateLabel = (rate: Pick<TaxRate, 'name' | 'rateBp' | 'archived'>) =>
  `${rate.name}${rate.name.includes(formatRate(rate.rateBp)) ? '' : ` (${formatRate(rate.rateBp)})`}${rate.archived ? ' — archived' : ''}`;

function ProductForm({ product, onDone }: { product: ProductWithStock | null; onDone: () => void }) {
  const api = useApi();
  const money = useMoney();
  const [sku, setSku] = useState(product?.sku ?? '');
  const [barcode, setBarcode] = useState(product?.barcode ?? '');
  const [name, setName] = useState(product?.name ?? '');
  const [price, setPrice] = useState(product ? money.input(product.priceMinor) : '');
  const [taxable, setTaxable] = useState(product?.taxable ?? true);
  const [taxRateId, setTaxRateId] = useState<number | null>(product?.taxRateId ?? null);
  const rates = useApiQuery('listTaxRates', {});
  const [serialized, setSerialized] = useState(product?.serialized ?? false);
  const [maintainStock, setMaintainStock] = useState(product?.maintainStock ?? true);
  const [assetType, setAssetType] = useState(product?.assetType ?? '');
  const [error, setError] = useState<string | null>(null);
  /** The field a refusal names (details.field: sku, barcode, serialized…): its message shows at that field. */
  const [errorField, setErrorField] = useState<string | null>(null);
  const lockedSerialized = Boolean(product?.serialized && product.serialCount > 0);
  const warning = barcodeWarning(barcode);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const reading = money.read(price, { max: MAX_UNIT_PRICE_MINOR });
    if (!reading.ok) {
      setErrorField('price');
      return setError(reading.message);
    }
    const priceMinor = reading.minor;
    const outcome = await api.saveProduct({
      ...(product ? { id: product.id } : {}),
      sku,
      barcode: barcode.trim() || null,
      name,
      priceMinor,
      taxable,
      taxRateId,
      serialized,
      maintainStock: serialized || maintainStock,
      assetType,
    });
    if (!outcome.ok) {
      const field = (outcome.error.details as { field?: unknown } | undefined)?.field;
      setErrorField(typeof field === 'string' ? field : null);
      return setError(outcome.error.message);
    }
    onDone();
    return undefined;
  }

  const invalid = (field: string) => (error !== null && errorField === field ? true : undefined);
  const describedBy = (field: string, ...others: Array<string | false>) =>
    [invalid(field) && `product-${field}-error`, ...others].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: string) =>
    invalid(field) && (
      <p id={`product-${field}-error`} role="alert" className="message error">
        {error}
      </p>
    );

  return (
    <Dialog title={product ? `Edit ${product.name}` : 'New product'} onClose={onDone}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>SKU</span>
          <input
            data-autofocus
            required
            value={sku}
            onChange={(e) => setSku(e.target.value)}
            aria-invalid={invalid('sku')}
            aria-describedby={describedBy('sku')}
          />
        </label>
        {fieldError('sku')}
        <label className="field">
          <span>Barcode</span>
          <input
            value={barcode}
            inputMode="numeric"
            onChange={(e) => setBarcode(e.target.value)}
            aria-invalid={invalid('barcode')}
            aria-describedby={describedBy('barcode', warning !== null && 'barcode-warning')}
          />
        </label>
        {fieldError('barcode')}
        {warning && (
          <p id="barcode-warning" role="status" className="message warn">
            {warning}
          </p>
        )}
        <label className="field">
          <span>Name</span>
          <input
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={invalid('name')}
            aria-describedby={describedBy('name')}
          />
        </label>
        {fieldError('name')}
        <label className="field">
          <span>Price</span>
          <input
            required
            value={price}
            inputMode="decimal"
            onChange={(e) => setPrice(e.target.value)}
            aria-invalid={invalid('price')}
            aria-describedby={describedBy('price')}
          />
        </label>
        {fieldError('price')}
        <label className="check">
          <input type="checkbox" checked={taxable} onChange={(e) => setTaxable(e.target.checked)} /> Taxable
        </label>
        <label className="field">
          <span>Tax rate</span>
          <select
            value={taxRateId === null ? '' : String(taxRateId)}
            disabled={!taxable}
            onChange={(e) => setTaxRateId(e.target.value === '' ? null : Number(e.target.value))}
            aria-invalid={invalid('taxRateId')}
            aria-describedby={describedBy('taxRateId', 'tax-rate-hint')}
          >
            <option value="">Shop default</option>
            {rates.data
              ?.filter((r) => !r.archived || r.id === product?.taxRateId)
              .map((r) => (
                <option key={r.id} value={String(r.id)}>
                  {rateLabel(r)}
                </option>
              ))}
          </select>
        </label>
        <p id="tax-rate-hint" className="hint">
          {taxable
            ? `What new invoice lines of this product are taxed at; a line can change it.${
                taxRateId === null && rates.data
                  ? ` The shop default is ${rates.data.find((r) => r.isDefault)?.name ?? 'set in Settings'}.`
                  : ''
              }`
            : 'Not taxable: no tax is charged on this product.'}
        </p>
        {fieldError('taxRateId')}
        <label className="check">
          <input
            type="checkbox"
            checked={serialized}
            disabled={lockedSerialized}
            aria-invalid={invalid('serialized')}
            aria-describedby={describedBy('serialized', lockedSerialized && 'serialized-lock')}
            onChange={(e) => setSerialized(e.target.checked)}
          />{' '}
          Serialized
        </label>
        {fieldError('serialized')}
        {lockedSerialized && (
          <p id="serialized-lock" className="hint">
            {product!.serialCount} serials are on record, so this product stays serial-tracked.
          </p>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={serialized || maintainStock}
            disabled={serialized}
            onChange={(e) => setMaintainStock(e.target.checked)}
            aria-invalid={invalid('maintainStock')}
            aria-describedby={describedBy('maintainStock')}
          />{' '}
          Maintain stock
        </label>
        {fieldError('maintainStock')}
        <AssetTypeInput
          value={assetType}
          onChange={setAssetType}
          invalid={invalid('assetType')}
          describedBy={describedBy('assetType')}
          hint="What a unit sold is as the customer's asset (Laptop, Phone): recurring asset counters count by it."
        />
        {fieldError('assetType')}
        {error && !FORM_FIELDS.has(errorField ?? '') && (
          <p role="alert" className="message error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
