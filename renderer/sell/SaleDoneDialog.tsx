// After Complete sale: the change due (large), the receipt, and Print receipt, Email receipt and New sale (Enter). A
// scan here starts the next sale with that item.
import { useRef, useState } from 'react';
import type { SaleResult } from '../../core/model.ts';
import { Dialog } from '../components/Dialog.tsx';
import { useMoney, useTimes } from '../components/ShopFormat.tsx';
import { printReceipt } from '../receipt/print.ts';
import { ReceiptView } from '../receipt/ReceiptView.tsx';
import { useScanTarget } from '../scanner/router.ts';
import { receiptText } from './receiptText.ts';

interface Props {
  result: SaleResult;
  /** The attached customer's e-mail ('' when none or walk-in). */
  email: string;
  onNewSale: (firstCode?: string) => void;
}

export function SaleDoneDialog({ result, email, onNewSale }: Props) {
  const money = useMoney();
  const times = useTimes();
  const { receipt, invoice } = result;
  const text = receiptText(receipt, money.format, times.dateTime(receipt.at));
  const slip = useRef<HTMLElement>(null);
  const [printError, setPrintError] = useState<string | null>(null);
  useScanTarget((scan) => onNewSale(scan.text));

  async function print() {
    setPrintError(null);
    const outcome = await printReceipt(slip.current, receipt.width);
    if (!outcome.ok) setPrintError(outcome.message);
  }

  const noEmail = invoice.customerIsWalkIn
    ? 'Attach a customer with an e-mail address to e-mail the receipt.'
    : email
      ? null
      : `${invoice.customerName} has no e-mail address.`;
  const mailto =
    `mailto:${encodeURIComponent(email).replace(/%40/g, '@')}?subject=${encodeURIComponent(`Receipt ${receipt.number} from ${receipt.shop.name}`)}` +
    `&body=${encodeURIComponent(text)}`;

  return (
    <Dialog title="Sale complete" onClose={() => onNewSale()} className="sale-done">
      <dl className="pay-figures">
        <div className="pay-figure">
          <dt id="done-total">Total</dt>
          <dd className="big-money" aria-labelledby="done-total">
            {money.total(invoice.totalMinor)}
          </dd>
        </div>
        <div className="pay-figure">
          <dt id="done-change">Change due</dt>
          <dd className="big-money change" aria-labelledby="done-change">
            {money.total(result.changeMinor)}
          </dd>
        </div>
      </dl>
      <div className="slip-scroll">
        <ReceiptView ref={slip} receipt={receipt} />
      </div>
      {printError && (
        <p role="alert" className="message error">
          {printError}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={() => void print()}>
          Print receipt
        </button>
        {noEmail ? (
          <>
            <button type="button" disabled aria-describedby="no-email">
              Email receipt
            </button>
            <span id="no-email" className="hint">
              {noEmail}
            </span>
          </>
        ) : (
          <a className="button" href={mailto}>
            Email receipt
          </a>
        )}
        <button type="button" className="primary big" data-autofocus onClick={() => onNewSale()}>
          New sale
        </button>
      </div>
    </Dialog>
  );
}
