// Stock → Counts: the list of stock counts (SC-…) and "Start a count" at a location, of every stock-keeping product
// there or of the products chosen (scanned or typed by SKU/barcode). A count opens in its own screen
// (StockCountScreen.tsx), where the scans, the review and posting happen.
import { useState } from 'react';
import { stockCountStatusLabel, type StockCountStatus } from '../../core/enums.ts';
import type { Product } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { DocumentTable } from '../components/DocumentTable.tsx';
import { FilterSelect, QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { PAGE_SIZE, Pager } from '../components/Pager.tsx';
import { useTimes } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';

export { StockCountScreen } from './StockCountScreen.tsx';

export function StockCountsScreen() {
  const go = useNav((s) => s.go);
  const times = useTimes();
  const [status, setStatus] = useState<StockCountStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const [starting, setStarting] = useState(false);
  const list = useApiQuery('listStockCounts', { ...(status ? { status } : {}), limit: PAGE_SIZE, offset });

  return (
    <section className="stock-counts" aria-label="Stock counts">
      <div className="screen-head">
        <h1>Stock counts</h1>
        <button type="button" onClick={() => setStarting(true)} disabled={starting}>
          Start a count
        </button>
      </div>
      {starting && (
        <StartCountForm onCancel={() => setStarting(false)} onStarted={(id) => go({ name: 'stockCount', id })} />
      )}
      <div className="filters">
        <FilterSelect
          label="Status"
          value={status}
          any="Any status"
          options={Object.entries(stockCountStatusLabel)}
          onChange={(v) => {
            setStatus(v as StockCountStatus | '');
            setOffset(0);
          }}
        />
      </div>
      <QueryError state={list} />
      <DocumentTable
        label="Stock counts"
        rows={list.data?.rows}
        loaded={list.status === 'ok'}
        empty={'No stock counts yet.'}
        open={(c) => go({ name: 'stockCount', id: c.id })}
        columns={[
          { header: 'Location', cell: (c) => c.locationName },
          { header: 'Status', cell: (c) => stockCountStatusLabel[c.status] },
          { header: 'Started', cell: (c) => times.dateTime(c.startedAt) },
          { header: 'By', cell: (c) => c.startedBy },
          { header: 'Scans', num: true, cell: (c) => c.scanCount },
          { header: 'Adjustment', cell: (c) => c.adjustment?.number ?? '' },
        ]}
      />
      {list.status === 'ok' && (
        <Pager offset={offset} count={list.data.rows.length} total={list.data.total} onOffset={setOffset} />
      )}
    </section>
  );
}

/** Where to count, and optionally which products (none chosen: every stock-keeping product there). */
function StartCountForm({ onCancel, onStarted }: { onCancel: () => void; onStarted: (id: number) => void }) {
  const api = useApi();
  const locations = useApiQuery('listLocations', {});
  const [locationId, setLocationId] = useState<number | null>(null);
  const [products, setProducts] = useState<Product[]>([]);
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);
  const chosenLocation = locationId ?? locations.data?.[0]?.id ?? null;

  async function addProduct() {
    const text = code.trim();
    if (!text) return;
    const found = await api.findProductByCode({ code: text });
    if (!found.ok) return setMessage({ tone: 'error', text: found.error.message });
    if (!found.value) return setMessage({ tone: 'error', text: `No product has the SKU or barcode ${text}.` });
    const product = found.value;
    if (!product.serialized && !product.maintainStock)
      return setMessage({ tone: 'error', text: `${product.name} is a service and keeps no stock.` });
    setProducts((list) => (list.some((p) => p.id === product.id) ? list : [...list, product]));
    setCode('');
    return setMessage(null);
  }

  async function start() {
    if (chosenLocation === null) return setMessage({ tone: 'error', text: 'Choose the location to count.' });
    setBusy(true);
    const outcome = await api.startStockCount({
      locationId: chosenLocation,
      ...(products.length > 0 ? { productIds: products.map((p) => p.id) } : {}),
    });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
    return onStarted(outcome.value.id);
  }

  return (
    <form
      className="start-count"
      aria-label="Start a count"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <label className="field">
        <span>Location</span>
        <select value={chosenLocation ?? ''} onChange={(e) => setLocationId(Number(e.target.value))}>
          {locations.data?.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <div className="inline">
        <label className="field">
          <span>Only these products (SKU or barcode)</span>
          <input
            value={code}
            autoComplete="off"
            placeholder="Leave empty to count every product"
            onChange={(e) => setCode(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void addProduct();
              }
            }}
          />
        </label>
        <button type="button" onClick={() => void addProduct()}>
          Add product
        </button>
      </div>
      <ul aria-label="Products to count">
        {products.length === 0 ? (
          <li>Every stock-keeping product at the location</li>
        ) : (
          products.map((p) => (
            <li key={p.id}>
              {p.name} <span className="meta">{p.sku}</span>{' '}
              <button
                type="button"
                className="link"
                aria-label={`Remove ${p.name}`}
                onClick={() => setProducts((list) => list.filter((x) => x.id !== p.id))}
              >
                Remove
              </button>
            </li>
          ))
        )}
      </ul>
      <Message message={message} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Start count
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
