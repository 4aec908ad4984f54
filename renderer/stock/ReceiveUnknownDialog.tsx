// Receive… for an unknown serial found at a count: pick its product (serial-tracked ones), and a goods receipt brings
// the unit in at the count's location. The count then counts it as that unit (the review resolves the serial).
import { useState } from 'react';
import type { StockCount } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';

export function ReceiveUnknownDialog({
  serial,
  count,
  onClose,
  onReceived,
}: {
  serial: string;
  count: StockCount;
  onClose: () => void;
  onReceived: (message: string) => void;
}) {
  const api = useApi();
  const products = useApiQuery('listProducts', { query: '', limit: 200 });
  const serialized = products.data?.rows.filter((p) => p.serialized) ?? [];
  const [productId, setProductId] = useState<number | null>(null);
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);

  async function receive() {
    if (productId === null) return setMessage({ tone: 'error', text: `Choose the product ${serial} belongs to.` });
    setBusy(true);
    const outcome = await api.receiveGoods({
      locationId: count.locationId,
      reference: `found at count ${count.number}`,
      lines: [{ productId, qty: 1, serials: [{ serial }] }],
    });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
    return onReceived(`${serial} received at ${count.locationName} on ${outcome.value.number}.`);
  }

  return (
    <Dialog title={`Receive ${serial}`} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void receive();
        }}
      >
        <p>
          A goods receipt brings {serial} into stock at {count.locationName}.
        </p>
        <label className="field">
          <span>Product</span>
          <select
            data-autofocus
            value={productId ?? ''}
            onChange={(e) => setProductId(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">Choose a product…</option>
            {serialized.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.sku})
              </option>
            ))}
          </select>
        </label>
        <Message message={message} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Receive
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
