// "At a glance" above the Invoices list: Outstanding, Overdue and Paid in the last 30 days, each a total, a count and
// a bar (its share of the largest of the three). Each is a button that applies its filter to the list.
import type { InvoiceListFilter } from '../../core/enums.ts';
import type { InvoiceGlance as Glance } from '../../core/model.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { useMoney } from '../components/ShopFormat.tsx';

const CARDS = [
  { key: 'outstanding', filter: 'outstanding', label: 'Outstanding' },
  { key: 'overdue', filter: 'overdue', label: 'Overdue' },
  { key: 'paidLast30', filter: 'paid_30d', label: 'Paid in the last 30 days' },
] as const satisfies ReadonlyArray<{ key: keyof Glance; filter: InvoiceListFilter; label: string }>;

const invoices = (n: number, qty: (n: number) => string) => `${qty(n)} ${n === 1 ? 'invoice' : 'invoices'}`;

export function InvoiceGlance({
  active,
  onFilter,
}: {
  /** The list's Status filter: the card that applies it shows pressed. */
  active: InvoiceListFilter | '';
  onFilter: (filter: InvoiceListFilter) => void;
}) {
  const money = useMoney();
  const glance = useApiQuery('invoiceGlance', {});
  if (glance.status !== 'ok') return null;
  const largest = Math.max(1, ...CARDS.map((c) => glance.data[c.key].minor));
  return (
    <div className="glance" role="group" aria-label="At a glance">
      {CARDS.map((c) => {
        const { minor, count } = glance.data[c.key];
        const share = Math.round((minor / largest) * 100);
        return (
          <button
            key={c.key}
            type="button"
            className={`glance-card glance-${c.key}`}
            aria-pressed={active === c.filter}
            aria-label={`${c.label}: ${money.total(minor)}, ${invoices(count, money.qty)}`}
            title={`Show ${c.label.toLowerCase()}`}
            onClick={() => onFilter(c.filter)}
          >
            <span className="glance-label">{c.label}</span>
            <span className="glance-total">{money.total(minor)}</span>
            <span className="glance-count">{invoices(count, money.qty)}</span>
            {/* The bar says again what the total says: hidden from screen readers. */}
            <svg className="glance-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
              <rect x="0" y="0" width="100" height="6" className="glance-track" />
              <rect x="0" y="0" width={share} height="6" className="glance-fill" />
            </svg>
          </button>
        );
      })}
    </div>
  );
}
