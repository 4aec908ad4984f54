// Recall (F9): the parked sales, the latest first, with the time held and the first item; picking one loads it.
import { useEffect, useRef } from 'react';
import type { HeldSale } from '../../core/model.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { QueryError } from '../components/Filters.tsx';
import { useMoney, useTimes } from '../components/ShopFormat.tsx';
import { useScanTarget } from '../scanner/router.ts';

export function RecallDialog({ onPick, onClose }: { onPick: (sale: HeldSale) => void; onClose: () => void }) {
  const held = useApiQuery('listHeldSales', {});
  const money = useMoney();
  const times = useTimes();
  useScanTarget(() => {}); // a scan while choosing adds nothing
  // The list arrives after the dialog opened: the latest sale's Recall takes the focus then.
  const first = useRef<HTMLButtonElement>(null);
  const loaded = held.status === 'ok';
  useEffect(() => {
    if (loaded) first.current?.focus();
  }, [loaded]);

  return (
    <Dialog title="Recall sale" onClose={onClose} className="recall-dialog">
      {held.status === 'loading' && <p role="status">Loading held sales…</p>}
      <QueryError state={held} />
      {held.status === 'ok' && held.data.length === 0 && <p className="empty">No sales are held.</p>}
      {held.status === 'ok' && held.data.length > 0 && (
        <table className="data-table" aria-label="Held sales">
          <thead>
            <tr>
              <th scope="col">Held at</th>
              <th scope="col">First item</th>
              <th scope="col">Customer</th>
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col">Cashier</th>
              <th scope="col">
                <span className="visually-hidden">Recall</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {held.data.map((sale, i) => (
              <tr key={sale.invoiceId}>
                <td>{times.time(sale.heldAt)}</td>
                <td>
                  {sale.firstItem}
                  {sale.lineCount > 1 && <span className="meta"> + {sale.lineCount - 1} more</span>}
                </td>
                <td>{sale.customerName}</td>
                <td className="num">{money.text(sale.totalMinor)}</td>
                <td>{sale.cashier}</td>
                <td>
                  <button
                    type="button"
                    ref={i === 0 ? first : undefined}
                    aria-label={`Recall ${sale.number}: ${sale.firstItem}`}
                    onClick={() => onPick(sale)}
                  >
                    Recall
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
