import { useState } from 'react';
import { FilterSelect, QueryError, recordOptions } from '../components/Filters.tsx';
import type { Product, SerialStatus } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { PAGE_SIZE, Pager } from '../components/Pager.tsx';
import { ItemSearch } from '../invoice/ItemSearch.tsx';
import { PrintLabelsButton } from '../labels/PrintLabelsDialog.tsx';
import { useNav } from '../stores/nav.ts';
import { serialStatusLabel } from '../../core/enums.ts';
import { unitStatus } from './labels.ts';

/** Every serial with its product, status, location, notes and where it went; filtered and paged. */
export function SerialsScreen({ productId }: { productId?: number }) {
  const api = useApi();
  const go = useNav((s) => s.go);
  const locations = useApiQuery('listLocations', {});
  const [product, setProduct] = useState<Pick<Product, 'id' | 'name'> | null>(
    productId ? { id: productId, name: '' } : null,
  );
  const [status, setStatus] = useState<SerialStatus | 'deleted' | ''>('');
  const [locationId, setLocationId] = useState<number | undefined>();
  const [text, setText] = useState('');
  const [offset, setOffset] = useState(0);
  /** Units chosen for labels (kept across pages and filters until cleared). */
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set());
  const choose = (ids: number[], on: boolean) =>
    setChosen((was) => {
      const next = new Set(was);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  const list = useApiQuery('listSerials', {
    ...(product ? { productId: product.id } : {}),
    ...(status ? { status } : {}),
    ...(locationId ? { locationId } : {}),
    ...(text.trim() ? { text: text.trim() } : {}),
    limit: PAGE_SIZE,
    offset,
  });
  const productName = product?.name || list.data?.rows[0]?.productName || '';
  const pageIds = (list.data?.rows ?? []).filter((u) => !u.deleted).map((u) => u.id);

  async function pickByCode(code: string) {
    const found = await api.findProductByCode({ code });
    if (found.ok && found.value) {
      setProduct(found.value);
      setOffset(0);
    }
  }

  return (
    <section className="serials" aria-label="Serial Numbers">
      <div className="screen-head">
        <h1>Serial Numbers</h1>
        <span>
          {chosen.size > 0 && (
            <button type="button" className="link" onClick={() => setChosen(new Set())}>
              Clear selection ({chosen.size})
            </button>
          )}{' '}
          <PrintLabelsButton
            units={{ serialIds: [...chosen] }}
            label={chosen.size > 0 ? `Print labels (${chosen.size})` : 'Print labels'}
            disabled={chosen.size === 0}
          />
        </span>
      </div>
      <div className="filters">
        <div className="field">
          <span>Product</span>
          {product ? (
            <span className="chip">
              {productName || 'Selected product'}{' '}
              <button
                type="button"
                aria-label="Clear product filter"
                onClick={() => {
                  setProduct(null);
                  setOffset(0);
                }}
              >
                ×
              </button>
            </span>
          ) : (
            <ItemSearch
              label="Product filter"
              placeholder="Any product: type a name or SKU"
              onPick={(p) => {
                setProduct(p);
                setOffset(0);
              }}
              onCode={pickByCode}
            />
          )}
        </div>
        <FilterSelect
          label="Status"
          value={status}
          any="Any status"
          options={[...Object.entries(serialStatusLabel), ['deleted', 'Deleted']]}
          onChange={(v) => {
            setStatus(v as SerialStatus | 'deleted' | '');
            setOffset(0);
          }}
        />
        <FilterSelect
          label="Location"
          value={locationId === undefined ? '' : String(locationId)}
          any="All locations"
          options={recordOptions(locations.data)}
          onChange={(v) => {
            setLocationId(v ? Number(v) : undefined);
            setOffset(0);
          }}
        />
        <label className="field">
          <span>Search serials</span>
          <input
            type="search"
            value={text}
            placeholder="Serial starts with…"
            onChange={(e) => {
              setText(e.target.value);
              setOffset(0);
            }}
          />
        </label>
      </div>
      <QueryError state={list} />
      <table className="list" aria-label="Serials">
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Choose every unit on this page for labels"
                checked={pageIds.length > 0 && pageIds.every((id) => chosen.has(id))}
                disabled={pageIds.length === 0}
                onChange={(e) => choose(pageIds, e.target.checked)}
              />
            </th>
            <th scope="col">Serial</th>
            <th scope="col">Product</th>
            <th scope="col">Status</th>
            <th scope="col">Location</th>
            <th scope="col">Condition notes</th>
            <th scope="col">Invoice</th>
            <th scope="col">Customer</th>
            <th scope="col">Ticket</th>
          </tr>
        </thead>
        <tbody>
          {list.status === 'ok' && list.data.rows.length === 0 && (
            <tr>
              <td colSpan={9} className="empty">
                No serials match.
              </td>
            </tr>
          )}
          {list.data?.rows.map((u) => (
            <tr key={u.id}>
              <td>
                {!u.deleted && (
                  <input
                    type="checkbox"
                    aria-label={`Choose ${u.serial} for labels`}
                    checked={chosen.has(u.id)}
                    onChange={(e) => choose([u.id], e.target.checked)}
                  />
                )}
              </td>
              <td>
                <button type="button" className="link mono" onClick={() => go({ name: 'serial', id: u.id })}>
                  {u.serial}
                </button>
              </td>
              <td>{u.productName}</td>
              <td>
                <span className={`status ${u.deleted ? 'deleted' : u.status}`}>{unitStatus(u)}</span>
              </td>
              <td>{u.locationName}</td>
              <td>{u.conditionNotes}</td>
              <td>
                {u.invoice && (
                  <button
                    type="button"
                    className="link"
                    onClick={() => go({ name: 'invoice', invoiceId: u.invoice!.id })}
                  >
                    {u.invoice.number}
                  </button>
                )}
              </td>
              <td>{u.customer?.name ?? ''}</td>
              <td>
                {u.ticket && (
                  <button type="button" className="link" onClick={() => go({ name: 'ticket', id: u.ticket!.id })}>
                    {u.ticket.number}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.status === 'ok' && (
        <Pager offset={offset} count={list.data.rows.length} hasMore={list.data.hasMore} onOffset={setOffset} />
      )}
    </section>
  );
}
