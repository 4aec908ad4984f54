import { useEffect, useState } from 'react';
import { RecordSelect } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useStore } from 'zustand';
import type { Product, PurchaseOrder } from '../../core/model.ts';
import { poStatusLabel } from '../../core/enums.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { useMoney, useTimes } from '../components/ShopFormat.tsx';
import { ItemSearch, type ItemSearchAnswer } from '../invoice/ItemSearch.tsx';
import { lookupProductCode } from '../invoice/productCode.ts';
import { useNav } from '../stores/nav.ts';
import {
  checkOrder,
  createOrderDraftStore,
  headerFromOrder,
  isEditable,
  isOpen,
  linesFromOrder,
  orderTotal,
  refuseProduct,
} from './orderDraft.ts';
import { DocumentActions } from '../documents/DocumentActions.tsx';
import { receiptDraftKey } from './receiptDraft.ts';
import { ReceivingConsole } from './ReceivingConsole.tsx';
import { CancelOrderDialog } from './CancelOrderDialog.tsx';

type Message = ScreenMessage;

/** A purchase order: edited while a draft; submitted, received (in the console) or cancelled. */
export function PurchaseOrderScreen({ id }: { id: number | null }) {
  const api = useApi();
  const money = useMoney();
  const times = useTimes();
  const go = useNav((s) => s.go);
  const setGuard = useNav((s) => s.setGuard);
  const vendors = useApiQuery('listVendors', {});
  const locations = useApiQuery('listLocations', {});
  const po = useApiQuery('getPurchaseOrder', { id: id ?? 0 }, id !== null);
  const [store] = useState(() => createOrderDraftStore());
  const draft = useStore(store);
  const [message, setMessage] = useState<Message>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  /** The line field a refusal is about: its message shows at that field instead of below the grid. */
  const [refusedAt, setRefusedAt] = useState<{ key: string; field: 'qty' | 'cost'; message: string } | null>(null);
  const data: PurchaseOrder | undefined = id === null ? undefined : po.data;

  // The saved order into the draft once, and again after each save (its read is refreshed).
  useEffect(() => {
    if (data) store.getState().load(headerFromOrder(data), linesFromOrder(data, money));
  }, [data, store, money]);
  useEffect(() => {
    if (id === null) store.getState().fillDefaults(vendors.data, locations.data);
  }, [id, store, vendors.data, locations.data]);
  useEffect(() => {
    setGuard(() => store.getState().dirty);
    return () => setGuard(null);
  }, [store, setGuard]);

  const editable = isEditable(data);
  /** Every edit goes through here: it clears the last message. */
  const edit = (change: () => void) => {
    change();
    setMessage(null);
    setRefusedAt(null);
  };

  function addProduct(p: Product) {
    const refusal = refuseProduct(p);
    if (refusal) return setMessage({ tone: 'error', text: refusal });
    return edit(() => store.getState().addProduct(p));
  }
  /** The same picker as the invoice's: a barcode or SKU, else one name match; several open the list. */
  async function addByCode(code: string): Promise<void | ItemSearchAnswer> {
    const found = await lookupProductCode(api, code);
    if (found.kind === 'product') return addProduct(found.product);
    if (found.kind === 'several') {
      setMessage({ tone: 'error', text: `More than one product matches “${code}”: pick one from the list.` });
      return { matches: found.matches };
    }
    const text = found.kind === 'error' ? found.message : `No product has the barcode or SKU “${code}”.`;
    return setMessage({ tone: 'error', text });
  }

  async function save(): Promise<number | null> {
    const checked = checkOrder(store.getState(), id, money);
    if (!checked.ok) {
      if (checked.at) setRefusedAt({ ...checked.at, message: checked.message });
      else setMessage({ tone: 'error', text: checked.message });
      return null;
    }
    const outcome = await api.savePurchaseOrder(checked.input);
    if (!outcome.ok) {
      setMessage({ tone: 'error', text: outcome.error.message });
      return null;
    }
    store.getState().markSaved();
    setMessage({ tone: 'ok', text: `Saved ${outcome.value.number}.` });
    if (id === null) go({ name: 'purchaseOrder', id: outcome.value.id });
    return outcome.value.id;
  }

  async function move(action: 'submit' | 'cancel') {
    let target = id;
    if (action === 'submit' && (store.getState().dirty || id === null)) target = await save();
    if (target === null) return;
    const outcome = await api.setPurchaseOrderStatus({ id: target, action });
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
    setMessage({
      tone: 'ok',
      text: `${outcome.value.number} is ${poStatusLabel[outcome.value.status].toLowerCase()}.`,
    });
    if (id === null) go({ name: 'purchaseOrder', id: target });
    return undefined;
  }

  if (id !== null && po.status === 'loading') return <p role="status">Loading…</p>;
  if (id !== null && po.status === 'error')
    return (
      <p role="alert" className="message error">
        {po.error.message}
      </p>
    );
  const canReceive = data && !draft.dirty && isOpen(data);
  const total = orderTotal(draft.lines, money);
  const refusalProps = (key: string, field: 'qty' | 'cost') =>
    refusedAt?.key === key && refusedAt.field === field
      ? { 'aria-invalid': true as const, 'aria-describedby': 'po-line-refusal' }
      : {};

  return (
    <section className="purchase-order" aria-label={data ? `Purchase order ${data.number}` : 'New purchase order'}>
      <button type="button" className="link" onClick={() => go({ name: 'purchaseOrders' })}>
        ← Purchase orders
      </button>
      <div className="screen-head">
        <h1>{data ? `Purchase order ${data.number}` : 'New purchase order'}</h1>
        {data && (
          <span className={`status po-${data.status}`} aria-label="Status">
            {poStatusLabel[data.status]}
          </span>
        )}
      </div>
      <div className="filters">
        <RecordSelect
          label="Vendor"
          value={draft.vendorId}
          rows={vendors.data}
          disabled={!editable}
          onChange={(id) => edit(() => store.getState().setHeader({ vendorId: id }))}
        />
        <RecordSelect
          label="Deliver to"
          value={draft.locationId}
          rows={locations.data}
          disabled={!editable}
          onChange={(id) => edit(() => store.getState().setHeader({ locationId: id }))}
        />
        <label className="field">
          <span>Notes</span>
          <input
            value={draft.notes}
            disabled={!editable}
            onChange={(e) => edit(() => store.getState().setHeader({ notes: e.target.value }))}
          />
        </label>
      </div>
      <table className="list" aria-label="Order lines">
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className="num">
              Ordered
            </th>
            <th scope="col" className="num">
              Unit cost
            </th>
            <th scope="col">For ticket</th>
            {data && (
              <th scope="col" className="num">
                Received
              </th>
            )}
            {editable && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {draft.lines.length === 0 && (
            <tr>
              <td colSpan={6} className="empty">
                Add products with the search below.
              </td>
            </tr>
          )}
          {draft.lines.map((l, i) => {
            const saved = data?.lines[i];
            return (
              <tr key={l.key}>
                <td>
                  {l.productName} <span className="meta">{l.sku}</span>
                </td>
                <td className="num">
                  {editable ? (
                    <input
                      className="qty"
                      aria-label={`Quantity of ${l.productName}`}
                      inputMode="numeric"
                      value={l.qtyText}
                      {...refusalProps(l.key, 'qty')}
                      onChange={(e) => edit(() => store.getState().updateLine(l.key, { qtyText: e.target.value }))}
                    />
                  ) : (
                    l.qtyText
                  )}
                </td>
                <td className="num">
                  {editable ? (
                    <input
                      className="money"
                      aria-label={`Unit cost of ${l.productName}`}
                      inputMode="decimal"
                      value={l.costText}
                      placeholder={money.input(0)}
                      {...refusalProps(l.key, 'cost')}
                      onChange={(e) => edit(() => store.getState().updateLine(l.key, { costText: e.target.value }))}
                    />
                  ) : (
                    money.text(saved?.unitCostMinor ?? 0)
                  )}
                </td>
                <td>
                  {l.ticket && (
                    <button
                      type="button"
                      className="link"
                      onClick={() => l.ticket && go({ name: 'ticket', id: l.ticket.id })}
                    >
                      {l.ticket.number}
                    </button>
                  )}
                </td>
                {data && (
                  <td className="num">
                    {saved && !draft.dirty ? `${money.qty(saved.qtyReceived)} / ${money.qty(saved.qtyOrdered)}` : ''}
                  </td>
                )}
                {editable && (
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-label={`Remove ${l.productName}`}
                      onClick={() => edit(() => store.getState().removeLine(l.key))}
                    >
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Order total
            </th>
            <td className="num total">{total === null ? '—' : money.total(total)}</td>
            <td />
            {data && <td />}
            {editable && <td />}
          </tr>
        </tfoot>
      </table>
      {total === null && <p className="hint">The total shows once every quantity and unit cost can be read.</p>}
      {editable && (
        <ItemSearch
          label="Add product"
          placeholder="Scan or type a barcode, SKU or name to add a line"
          onPick={addProduct}
          onCode={addByCode}
        />
      )}
      {refusedAt && (
        <p id="po-line-refusal" role="alert" className="message error">
          {refusedAt.message}
        </p>
      )}
      <Message message={message} />
      <div className="actions">
        {editable && (
          <button type="button" className="primary" onClick={() => void save()}>
            {id === null ? 'Create purchase order' : 'Save draft'}
          </button>
        )}
        {editable && (
          <button type="button" onClick={() => void move('submit')}>
            Submit to vendor
          </button>
        )}
        {data && <DocumentActions kind="purchase_order" id={data.id} disabled={draft.dirty} />}
        {data && isOpen(data) && (
          <button type="button" className="danger" onClick={() => setConfirmCancel(true)}>
            Cancel order
          </button>
        )}
      </div>
      {confirmCancel && data && (
        <CancelOrderDialog
          po={data}
          onClose={() => setConfirmCancel(false)}
          onCancelled={(cancelled) => {
            setConfirmCancel(false);
            setMessage({ tone: 'ok', text: `${cancelled.number} is cancelled.` });
          }}
        />
      )}
      {canReceive && (
        <ReceivingConsole
          key={receiptDraftKey(data)}
          po={data}
          onReceived={(text) => setMessage({ tone: 'ok', text })}
        />
      )}
      {data && data.receipts.length > 0 && (
        <>
          <h2>Receipts</h2>
          <ul className="receipts">
            {data.receipts.map((r) => (
              <li key={r.id}>
                <button type="button" className="link" onClick={() => go({ name: 'receipt', id: r.id })}>
                  {r.number}
                </button>{' '}
                {times.dateTime(r.receivedAt)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
