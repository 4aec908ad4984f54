import { useEffect, useState } from 'react';
import type { Product, PurchaseOrder } from '../../core/model.ts';
import { poStatusLabel } from '../../core/enums.ts';
import { formatMinor, parseMinor } from '../../core/money.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { ItemSearch } from '../invoice/ItemSearch.tsx';
import { useNav } from '../stores/nav.ts';
import { ReceivingConsole } from './ReceivingConsole.tsx';

interface DraftLine { key: number; productId: number; productName: string; sku: string; qty: string; cost: string }
let nextKey = 1;

/** A purchase order: edited while a draft; submitted, received (in the console) or cancelled. */
export function PurchaseOrderScreen({ id }: { id: number | null }) {
  const api = useApi();
  const go = useNav((s) => s.go);
  const setGuard = useNav((s) => s.setGuard);
  const vendors = useApiQuery('listVendors', {});
  const locations = useApiQuery('listLocations', {});
  const po = useApiQuery('getPurchaseOrder', { id: id ?? 0 }, id !== null);
  const [vendorId, setVendorId] = useState<number | null>(null);
  const [locationId, setLocationId] = useState<number | null>(null);
  const [notes, setNotes] = useState('');
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [dirty, setDirty] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'ok'; text: string } | null>(null);
  const data: PurchaseOrder | undefined = id === null ? undefined : po.data;

  // Load the saved order into the form once (and after each save).
  useEffect(() => {
    if (!data) return;
    setVendorId(data.vendorId);
    setLocationId(data.locationId);
    setNotes(data.notes);
    setLines(data.lines.map((l) => ({ key: nextKey++, productId: l.productId, productName: l.productName, sku: l.sku, qty: String(l.qtyOrdered), cost: (l.unitCostMinor / 100).toFixed(2) })));
    setDirty(false);
  }, [data]);
  useEffect(() => {
    if (id !== null) return;
    if (vendorId === null && vendors.data?.[0]) setVendorId(vendors.data[0].id);
    if (locationId === null && locations.data) setLocationId((locations.data.find((l) => l.isDefault) ?? locations.data[0])?.id ?? null);
  }, [id, vendors.data, locations.data, vendorId, locationId]);
  useEffect(() => {
    setGuard(dirty ? () => true : null);
    return () => setGuard(null);
  }, [dirty, setGuard]);

  const editable = id === null || data?.status === 'draft';
  const change = () => { setDirty(true); setMessage(null); };

  function addProduct(p: Product) {
    if (!p.maintainStock) return setMessage({ tone: 'error', text: `${p.name} is a service and keeps no stock, so it cannot be ordered.` });
    change();
    setLines((cur) => [...cur, { key: nextKey++, productId: p.id, productName: p.name, sku: p.sku, qty: '1', cost: '' }]);
    return undefined;
  }
  async function addByCode(code: string) {
    const found = await api.findProductByCode({ code });
    if (found.ok && found.value) addProduct(found.value);
    else setMessage({ tone: 'error', text: `No product has the barcode or SKU ${code}.` });
  }

  async function save(): Promise<number | null> {
    if (vendorId === null) { setMessage({ tone: 'error', text: 'Choose a vendor first (add one under Vendors).' }); return null; }
    if (locationId === null) { setMessage({ tone: 'error', text: 'Choose the location the goods go to.' }); return null; }
    if (lines.length === 0) { setMessage({ tone: 'error', text: 'Add at least one product to order.' }); return null; }
    const parsed = [];
    for (const l of lines) {
      const qty = Number(l.qty);
      const cost = l.cost.trim() === '' ? 0 : parseMinor(l.cost);
      if (!Number.isInteger(qty) || qty < 1) { setMessage({ tone: 'error', text: `Enter a whole quantity of at least 1 for ${l.productName}.` }); return null; }
      if (cost === null || cost < 0) { setMessage({ tone: 'error', text: `Enter the unit cost of ${l.productName} as an amount like 98.00.` }); return null; }
      parsed.push({ productId: l.productId, qty, unitCostMinor: cost });
    }
    const outcome = await api.savePurchaseOrder({ ...(id !== null ? { id } : {}), vendorId, locationId, notes, lines: parsed });
    if (!outcome.ok) { setMessage({ tone: 'error', text: outcome.error.message }); return null; }
    setDirty(false);
    setGuard(null);
    setMessage({ tone: 'ok', text: `Saved ${outcome.value.number}.` });
    if (id === null) go({ name: 'purchaseOrder', id: outcome.value.id, nonce: Date.now() });
    return outcome.value.id;
  }

  async function move(action: 'submit' | 'cancel') {
    let target = id;
    if (action === 'submit' && (dirty || id === null)) target = await save();
    if (target === null) return;
    const outcome = await api.setPurchaseOrderStatus({ id: target, action });
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
    setMessage({ tone: 'ok', text: `${outcome.value.number} is ${poStatusLabel[outcome.value.status].toLowerCase()}.` });
    if (id === null) go({ name: 'purchaseOrder', id: target, nonce: Date.now() });
    return undefined;
  }

  if (id !== null && po.status === 'loading') return <p role="status">Loading…</p>;
  if (id !== null && po.status === 'error') return <p role="alert" className="message error">{po.error.message}</p>;
  const canReceive = data && !dirty && ['draft', 'submitted', 'partially_received'].includes(data.status);

  return (
    <section className="purchase-order" aria-label={data ? `Purchase order ${data.number}` : 'New purchase order'}>
      <button type="button" className="link" onClick={() => go({ name: 'purchaseOrders' })}>← Purchase orders</button>
      <div className="screen-head">
        <h1>{data ? `Purchase order ${data.number}` : 'New purchase order'}</h1>
        {data && <span className={`status po-${data.status}`} aria-label="Status">{poStatusLabel[data.status]}</span>}
      </div>
      <div className="filters">
        <label className="field"><span>Vendor</span>
          <select value={vendorId ?? ''} disabled={!editable} onChange={(e) => { setVendorId(Number(e.target.value)); change(); }}>
            {vendors.data?.map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
          </select>
        </label>
        <label className="field"><span>Deliver to</span>
          <select value={locationId ?? ''} disabled={!editable} onChange={(e) => { setLocationId(Number(e.target.value)); change(); }}>
            {locations.data?.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
          </select>
        </label>
        <label className="field"><span>Notes</span><input value={notes} disabled={!editable} onChange={(e) => { setNotes(e.target.value); change(); }} /></label>
      </div>
      <table className="list" aria-label="Order lines">
        <thead>
          <tr><th scope="col">Product</th><th scope="col" className="num">Ordered</th><th scope="col" className="num">Unit cost</th>{data && <th scope="col" className="num">Received</th>}{editable && <th scope="col"><span className="visually-hidden">Actions</span></th>}</tr>
        </thead>
        <tbody>
          {lines.length === 0 && <tr><td colSpan={5} className="empty">Add products with the search below.</td></tr>}
          {lines.map((l, i) => {
            const saved = data?.lines[i];
            return (
              <tr key={l.key}>
                <td>{l.productName} <span className="meta">{l.sku}</span></td>
                <td className="num">{editable
                  ? <input className="qty" aria-label={`Quantity of ${l.productName}`} inputMode="numeric" value={l.qty} onChange={(e) => { change(); setLines(lines.map((x) => (x.key === l.key ? { ...x, qty: e.target.value } : x))); }} />
                  : l.qty}</td>
                <td className="num">{editable
                  ? <input className="money" aria-label={`Unit cost of ${l.productName}`} inputMode="decimal" value={l.cost} placeholder="0.00" onChange={(e) => { change(); setLines(lines.map((x) => (x.key === l.key ? { ...x, cost: e.target.value } : x))); }} />
                  : formatMinor(saved?.unitCostMinor ?? 0)}</td>
                {data && <td className="num">{saved && !dirty ? `${saved.qtyReceived} / ${saved.qtyOrdered}` : ''}</td>}
                {editable && <td><button type="button" className="link" aria-label={`Remove ${l.productName}`} onClick={() => { change(); setLines(lines.filter((x) => x.key !== l.key)); }}>Remove</button></td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      {editable && <ItemSearch label="Add product" placeholder="Scan or type a barcode, SKU or name to add a line" onPick={addProduct} onCode={addByCode} />}
      {message && <p role={message.tone === 'error' ? 'alert' : 'status'} className={`message ${message.tone}`}>{message.text}</p>}
      <div className="actions">
        {editable && <button type="button" className="primary" onClick={() => void save()}>{id === null ? 'Create purchase order' : 'Save draft'}</button>}
        {editable && <button type="button" onClick={() => void move('submit')}>Submit to vendor</button>}
        {data && ['draft', 'submitted', 'partially_received'].includes(data.status) && <button type="button" className="danger" onClick={() => void move('cancel')}>Cancel order</button>}
      </div>
      {canReceive && <ReceivingConsole key={`${data.id}-${data.receipts.length}`} po={data} onReceived={(text) => setMessage({ tone: 'ok', text })} />}
      {data && data.receipts.length > 0 && (
        <>
          <h2>Receipts</h2>
          <ul className="receipts">
            {data.receipts.map((r) => (
              <li key={r.id}><button type="button" className="link" onClick={() => go({ name: 'receipt', id: r.id })}>{r.number}</button> {r.receivedAt.replace('T', ' ').slice(0, 16)}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
