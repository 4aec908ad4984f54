// The X report (an open till, any time) or the Z report (a closed one, numbered), as a slip on receipt paper:
// sales, refunds and discounts, each tender's takings and refunds, tax per rate, and the cash: float, cash taken and
// refunded, cash in and out, expected against counted, over or short.
import { useRef, useState, type Ref } from 'react';
import type { ReceiptWidth, TillReport } from '../../core/model.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { QueryError } from '../components/Filters.tsx';
import { useMoney, useTimes, type Money } from '../components/ShopFormat.tsx';
import { printReceipt } from '../receipt/print.ts';
import '../receipt/receipt.css';

export const reportTitle = (r: TillReport) => (r.kind === 'Z' ? `Z report ${r.session.zNumber ?? ''}` : 'X report');

/** "Over 0.50", "Short 0.09" or "Exact"; "Not counted" before the close. */
export function overShortText(money: Money, minor: number | null): string {
  if (minor === null) return 'Not counted';
  if (minor === 0) return 'Exact';
  return minor > 0 ? `Over ${money.text(minor)}` : `Short ${money.text(-minor)}`;
}

export function TillReportView({
  report,
  width,
  ref,
}: {
  report: TillReport;
  width: ReceiptWidth;
  ref?: Ref<HTMLElement>;
}) {
  const money = useMoney();
  const times = useTimes();
  const r = report;
  const s = r.session;
  const cash = r.tenders.filter((t) => t.methodKind === 'cash');
  const cashTaken = cash.reduce((sum, t) => sum + t.takenMinor, 0);
  const cashRefunded = cash.reduce((sum, t) => sum + t.refundedMinor, 0);
  const title = reportTitle(r);
  return (
    <article ref={ref} className={`slip till-report paper-${width}`} aria-label={title}>
      <p className="slip-title">{title}</p>
      <dl className="slip-facts">
        <dt>Register</dt>
        <dd>{s.register}</dd>
        <dt>Opened</dt>
        <dd>
          {times.dateTime(s.openedAt)} by {s.openedBy}
        </dd>
        {s.closedAt && (
          <>
            <dt>Closed</dt>
            <dd>
              {times.dateTime(s.closedAt)} by {s.closedBy}
            </dd>
          </>
        )}
        {r.kind === 'X' && (
          <>
            <dt>Printed</dt>
            <dd>{times.dateTime(r.at)}</dd>
          </>
        )}
      </dl>
      <table aria-label="Sales">
        <tbody>
          <SlipRow label={`Sales (${r.salesCount})`} value={money.text(r.salesMinor)} />
          <SlipRow label={`Refunds (${r.refundsCount})`} value={money.text(r.refundsMinor)} />
          <SlipRow label="Discounts" value={money.text(r.discountsMinor)} />
          <SlipRow label="No-sale drawer openings" value={String(r.noSaleCount)} />
        </tbody>
      </table>
      <h3>Tenders</h3>
      <table aria-label="Tenders">
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col" className="num">
              Taken
            </th>
            <th scope="col" className="num">
              Refunded
            </th>
          </tr>
        </thead>
        <tbody>
          {r.tenders.length === 0 && (
            <tr>
              <td colSpan={3}>None yet.</td>
            </tr>
          )}
          {r.tenders.map((t) => (
            <tr key={t.methodName}>
              <th scope="row">{t.methodName}</th>
              <td className="num">{money.text(t.takenMinor)}</td>
              <td className="num">{money.text(t.refundedMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Tax</h3>
      <table aria-label="Tax per rate">
        <tbody>
          {r.taxes.length === 0 && (
            <tr>
              <td>None yet.</td>
            </tr>
          )}
          {r.taxes.map((t) => (
            <tr key={`${t.name}-${t.rateBp}`}>
              <th scope="row">
                {t.name} on {money.text(t.taxableMinor)}
              </th>
              <td className="num">{money.text(t.taxMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Cash</h3>
      <table aria-label="Cash">
        <tbody>
          <SlipRow label="Opening float" value={money.text(s.openingFloatMinor)} />
          <SlipRow label="Cash sales" value={money.text(cashTaken)} />
          <SlipRow label="Cash refunds" value={money.text(-cashRefunded)} />
          <SlipRow label="Cash in" value={money.text(r.cashInMinor)} />
          <SlipRow label="Cash out" value={money.text(-r.cashOutMinor)} />
          <SlipRow label="Expected cash" value={money.total(r.expectedCashMinor)} strong />
          <SlipRow
            label="Counted cash"
            value={r.countedCashMinor === null ? 'Not counted' : money.total(r.countedCashMinor)}
            strong
          />
          <SlipRow label="Over/short" value={overShortText(money, r.overShortMinor)} strong />
        </tbody>
      </table>
      {r.denominations.length > 0 && (
        <>
          <h3>Counted</h3>
          <table aria-label="Counted by denomination">
            <tbody>
              {r.denominations.map((d) => (
                <SlipRow
                  key={d.valueMinor}
                  label={`${d.count} × ${money.text(d.valueMinor)}`}
                  value={money.text(d.count * d.valueMinor)}
                />
              ))}
            </tbody>
          </table>
        </>
      )}
    </article>
  );
}

function SlipRow({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <tr className={strong ? 'slip-strong' : undefined}>
      <th scope="row">{label}</th>
      <td className="num">{value}</td>
    </tr>
  );
}

/** A till report in a dialog, with Print report; `report` given (a Z report just made) or read by session id. */
export function TillReportDialog({
  sessionId,
  report: given,
  onClose,
}: {
  sessionId: number;
  report?: TillReport;
  onClose: () => void;
}) {
  const read = useApiQuery('tillReport', { id: sessionId }, !given);
  const settings = useApiQuery('getCounterSettings', {});
  const width: ReceiptWidth = settings.data?.receiptWidth ?? '80';
  const report = given ?? read.data;
  const slip = useRef<HTMLElement>(null);
  const [error, setError] = useState<string | null>(null);

  async function print() {
    setError(null);
    const outcome = await printReceipt(slip.current, width);
    if (!outcome.ok) setError(outcome.message);
  }

  return (
    <Dialog title={report ? reportTitle(report) : 'Till report'} onClose={onClose}>
      {!given && <QueryError state={read} />}
      {!report && read.status === 'loading' && <p role="status">Loading the report…</p>}
      {report && (
        <div className="slip-scroll">
          <TillReportView ref={slip} report={report} width={width} />
        </div>
      )}
      {error && (
        <p role="alert" className="message error">
          {error}
        </p>
      )}
      <div className="slip-actions">
        <button type="button" data-autofocus disabled={!report} onClick={() => void print()}>
          Print report
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
