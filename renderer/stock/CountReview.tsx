// A count's review: expected now (the start's snapshot ± what moved since) against counted per product, then the
// differences posting will adjust: units Missing (they become Lost), units In the wrong place (Transfer here moves
// one now, or posting brings it here), Unknown serials (Receive… brings one in at the count's location) and quantity
// differences. A posted count shows its adjustment.
import { useState } from 'react';
import { serialStatusLabel } from '../../core/enums.ts';
import type { StockCount } from '../../core/model.ts';
import { formatQtyMilli } from '../../core/money.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { ReceiveUnknownDialog } from './ReceiveUnknownDialog.tsx';

const signed = (text: string, n: number) => (n > 0 ? `+${text}` : text);

export function CountReview({ count }: { count: StockCount }) {
  const api = useApi();
  const { locale } = useMoney().format;
  const qty = (n: number) => formatQtyMilli(n, locale);
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [receiving, setReceiving] = useState<string | null>(null);
  const open = count.status === 'open';
  const quantities = count.products.filter((p) => !p.serialized && p.differenceQty !== 0);
  // Expected now, with what moved since the start visible: "48 (50 at start, −2 since)".
  const expected = (p: StockCount['products'][number]) =>
    p.movedQty === 0
      ? qty(p.expectedQty)
      : `${qty(p.expectedQty)} (${qty(p.startQty)} at start, ${p.movedQty > 0 ? '+' : '−'}${qty(Math.abs(p.movedQty))} since)`;

  async function transferHere(serialId: number, serial: string) {
    const outcome = await api.transferHere({ serialId, locationId: count.locationId });
    setMessage(
      outcome.ok
        ? { tone: 'ok', text: `${serial} transferred to ${count.locationName} on ${outcome.value.number}.` }
        : { tone: 'error', text: outcome.error.message },
    );
  }

  return (
    <section className="count-review" aria-label="Review">
      <h2>Review</h2>
      <Message message={message} />
      <table className="list" aria-label="Expected and counted">
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className="num">
              Expected (now)
            </th>
            <th scope="col" className="num">
              Counted
            </th>
            <th scope="col" className="num">
              Difference
            </th>
          </tr>
        </thead>
        <tbody>
          {count.products.map((p) => (
            <tr key={p.productId}>
              <td>
                {p.productName} <span className="meta">{p.sku}</span>
              </td>
              <td className="num">{expected(p)}</td>
              <td className="num">{qty(p.countedQty)}</td>
              <td className="num">{p.differenceQty === 0 ? '' : signed(qty(p.differenceQty), p.differenceQty)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {open && (
        <>
          <h3>Missing ({count.missing.length})</h3>
          <table className="list" aria-label="Missing">
            <thead>
              <tr>
                <th scope="col">Serial</th>
                <th scope="col">Product</th>
              </tr>
            </thead>
            <tbody>
              {count.missing.length === 0 && (
                <tr>
                  <td colSpan={2} className="empty">
                    Every expected unit is counted.
                  </td>
                </tr>
              )}
              {count.missing.map((u) => (
                <tr key={u.serialId}>
                  <td className="mono">{u.serial}</td>
                  <td>{u.productName}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="meta">Posting marks missing units Lost.</p>

          <h3>In the wrong place ({count.wrongPlace.length})</h3>
          <table className="list" aria-label="In the wrong place">
            <thead>
              <tr>
                <th scope="col">Serial</th>
                <th scope="col">Product</th>
                <th scope="col">Recorded at</th>
                <th scope="col">Status</th>
                <th scope="col">Posting</th>
              </tr>
            </thead>
            <tbody>
              {count.wrongPlace.length === 0 && (
                <tr>
                  <td colSpan={5} className="empty">
                    None.
                  </td>
                </tr>
              )}
              {count.wrongPlace.map((u) => (
                <tr key={u.serialId}>
                  <td className="mono">{u.serial}</td>
                  <td>{u.productName}</td>
                  <td>{u.locationName}</td>
                  <td>{serialStatusLabel[u.status]}</td>
                  <td>
                    {u.action === 'move' && (
                      <>
                        moves it here{' '}
                        <button
                          type="button"
                          aria-label={`Transfer ${u.serial} here`}
                          onClick={() => void transferHere(u.serialId, u.serial)}
                        >
                          Transfer here
                        </button>
                      </>
                    )}
                    {u.action === 'found' && 'finds it here (In stock)'}
                    {u.action === 'none' && 'leaves it: its own documents decide'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <h3>Unknown serials ({count.unknown.length})</h3>
      <table className="list" aria-label="Unknown serials">
        <thead>
          <tr>
            <th scope="col">Serial</th>
            <th scope="col">Scanned by</th>
            <th scope="col">
              <span className="visually-hidden">Receive</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {count.unknown.length === 0 && (
            <tr>
              <td colSpan={3} className="empty">
                None.
              </td>
            </tr>
          )}
          {count.unknown.map((u) => (
            <tr key={u.scanId}>
              <td className="mono">{u.serial}</td>
              <td>{u.actor}</td>
              <td>
                <button type="button" aria-label={`Receive ${u.serial}`} onClick={() => setReceiving(u.serial)}>
                  Receive…
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="meta">Unknown serials are not adjusted: receive them to bring them into stock.</p>

      {open && (
        <>
          <h3>Quantity differences ({quantities.length})</h3>
          <table className="list" aria-label="Quantity differences">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col" className="num">
                  Expected (now)
                </th>
                <th scope="col" className="num">
                  Counted
                </th>
                <th scope="col" className="num">
                  Adjusted by
                </th>
              </tr>
            </thead>
            <tbody>
              {quantities.length === 0 && (
                <tr>
                  <td colSpan={4} className="empty">
                    None.
                  </td>
                </tr>
              )}
              {quantities.map((p) => (
                <tr key={p.productId}>
                  <td>{p.productName}</td>
                  <td className="num">{expected(p)}</td>
                  <td className="num">{qty(p.countedQty)}</td>
                  <td className="num">{signed(qty(p.differenceQty), p.differenceQty)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {count.adjustment && (
        <>
          <h3>Adjustment {count.adjustment.number}</h3>
          <table className="list" aria-label={`Adjustment ${count.adjustment.number}`}>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Serial</th>
                <th scope="col">Location</th>
                <th scope="col" className="num">
                  Quantity
                </th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {count.adjustmentLines.map((l, i) => (
                <tr key={i}>
                  <td>{l.productName}</td>
                  <td className="mono">{l.serial ?? ''}</td>
                  <td>{l.locationName}</td>
                  <td className="num">{signed(qty(l.qty), l.qty)}</td>
                  <td>{l.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {receiving !== null && (
        <ReceiveUnknownDialog
          serial={receiving}
          count={count}
          onClose={() => setReceiving(null)}
          onReceived={(text) => {
            setReceiving(null);
            setMessage({ tone: 'ok', text });
          }}
        />
      )}
    </section>
  );
}
