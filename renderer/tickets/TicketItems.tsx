// A ticket's line items (hardware, materials): add a product (by SKU or name) or a manual item, change quantity or
// price while pending, remove while pending and holding no unit. Serialized rows show their [SN] state and the
// serial actions (ChargeSerialActions: order for this ticket, reserve, release).
import { useState } from 'react';
import type { Ticket } from '../../core/model.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { ChargeSerialActions } from './ChargeSerialActions.tsx';

type Run = (call: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>) => Promise<boolean>;

export function TicketItems({ ticket, run }: { ticket: Ticket; run: Run }) {
  const api = useApi();
  const money = useMoney();
  const [query, setQuery] = useState('');
  const [qty, setQty] = useState('1');
  const [price, setPrice] = useState('');
  const add = async () => {
    const units = money.parseQty(qty);
    if (units === null) return run(async () => ({ ok: false, error: { message: `${qty} is not a quantity.` } }));
    const priced = price.trim() === '' ? null : money.read(price);
    if (priced && !('minor' in priced)) return run(async () => ({ ok: false, error: { message: priced.message } }));
    const found = await api.searchProducts({ query, limit: 1 });
    const product = found.ok ? found.value.find((p) => p.sku.toLowerCase() === query.trim().toLowerCase()) : undefined;
    const done = await run(() =>
      api.addTicketItem({
        ticketId: ticket.id,
        productId: product?.id ?? null,
        ...(product ? {} : { description: query }),
        qty: units * 1000,
        ...(priced && 'minor' in priced ? { unitPriceMinor: priced.minor } : {}),
      }),
    );
    if (done) {
      setQuery('');
      setQty('1');
      setPrice('');
    }
    return done;
  };
  return (
    <section aria-label="Line items">
      <h2>Line items</h2>
      <div className="filters">
        <label className="field">
          <span>Item (SKU or description)</span>
          <input value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <label className="field">
          <span>Item quantity</span>
          <input inputMode="decimal" value={qty} onChange={(e) => setQty(e.target.value)} />
        </label>
        <label className="field">
          <span>Item price</span>
          <input inputMode="decimal" value={price} placeholder="product's" onChange={(e) => setPrice(e.target.value)} />
        </label>
        <button type="button" onClick={() => void add()}>
          Add item
        </button>
      </div>
      <table className="list" aria-label="Line items">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="num">
              Qty
            </th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Serials</th>
            <th scope="col">Invoice</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {ticket.items.length === 0 && (
            <tr>
              <td colSpan={7} className="empty">
                No line items yet.
              </td>
            </tr>
          )}
          {ticket.items.map((c) => (
            <tr key={c.id}>
              <td>
                {c.sku ? `${c.sku} ` : ''}
                {c.description}
              </td>
              <td className="num">{money.qty(c.qty)}</td>
              <td className="num">{money.text(c.unitPriceMinor)}</td>
              <td className="num">{money.text(c.amountMinor)}</td>
              <td>
                {c.serialized && (
                  <>
                    <span aria-label={`Serials ${c.serials.length} of ${c.unitsNeeded}`}>
                      [SN] {c.serials.map((s) => s.serial).join(', ') || `waiting (0/${c.unitsNeeded})`}
                    </span>
                    {c.productId !== null && !c.invoice && (
                      <ChargeSerialActions
                        ticketId={ticket.id}
                        chargeId={c.id}
                        productId={c.productId}
                        serialIds={c.serials.map((s) => s.id)}
                        unitsNeeded={c.unitsNeeded}
                      />
                    )}
                  </>
                )}
              </td>
              <td>{c.invoice?.number ?? 'Pending'}</td>
              <td>
                {!c.invoice && (
                  <button
                    type="button"
                    aria-label={`Remove ${c.description}`}
                    onClick={() => void run(() => api.removeTicketItem({ chargeId: c.id }))}
                  >
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
