// After Complete sale: the change due (large), the receipt, and Print receipt, Email receipt and New sale (Enter). A
// scan here starts the next sale with that item. Email receipt sends the receipt's PDF through the shop's mail server
// to the customer's address (or one the customer gives: a walk-in sale too); offline, it waits in the Outbox.
import { useRef, useState } from 'react';
import type { SaleResult } from '../../core/model.ts';
import { Dialog } from '../components/Dialog.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { printReceipt } from '../receipt/print.ts';
import { ReceiptView } from '../receipt/ReceiptView.tsx';
import { useScanTarget } from '../scanner/router.ts';
import { EmailReceiptForm } from '../email/EmailReceipt.tsx';

interface Props {
  result: SaleResult;
  /** The attached customer's e-mail ('' when none or walk-in): Email receipt's To. */
  email: string;
  onNewSale: (firstCode?: string) => void;
}

export function SaleDoneDialog({ result, email, onNewSale }: Props) {
  const money = useMoney();
  const { receipt, invoice } = result;
  const slip = useRef<HTMLElement>(null);
  const [printError, setPrintError] = useState<string | null>(null);
  const [emailing, setEmailing] = useState(false);
  useScanTarget((scan) => onNewSale(scan.text));

  async function print() {
    setPrintError(null);
    const outcome = await printReceipt(slip.current, receipt.width);
    if (!outcome.ok) setPrintError(outcome.message);
  }

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
      {emailing && <EmailReceiptForm of={{ invoiceId: invoice.id }} initialTo={email} />}
      <div className="dialog-actions">
        <button type="button" onClick={() => void print()}>
          Print receipt
        </button>
        <button type="button" aria-expanded={emailing} onClick={() => setEmailing((open) => !open)}>
          Email receipt
        </button>
        <button type="button" className="primary big" data-autofocus onClick={() => onNewSale()}>
          New sale
        </button>
      </div>
    </Dialog>
  );
}
