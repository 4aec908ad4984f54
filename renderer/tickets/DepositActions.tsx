// A ticket's deposit actions, in its Actions: Take deposit (when Settings → Deposits has them on), and the deposits
// taken so far, each with its DEP- invoice, what is left of it, the invoice that takes it off, and Refund deposit.
import { useEffect, useState } from 'react';
import type { TicketDeposit } from '../../core/model.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';
import { RefundDepositDialog, TakeDepositDialog } from './DepositDialogs.tsx';

export interface DepositActionsProps {
  ticketId: number;
  /** Called after a deposit is taken or refunded, so the ticket re-reads its charges. */
  onChanged?: () => void;
}

/**
 * What the last Take or Refund said, per ticket: the ticket page may remount this after onChanged (to re-read), and
 * the message must survive that. It is shown once, by the next mount.
 */
const saidLast = new Map<number, ScreenMessage>();

export function DepositActions({ ticketId, onChanged }: DepositActionsProps) {
  const money = useMoney();
  const state = useApiQuery('ticketDeposits', { ticketId });
  const go = useNav((s) => s.go);
  const [dialog, setDialog] = useState<{ kind: 'take' } | { kind: 'refund'; deposit: TicketDeposit } | null>(null);
  const [message, setMessage] = useState<ScreenMessage>(() => {
    const said = saidLast.get(ticketId) ?? null;
    saidLast.delete(ticketId);
    return said;
  });
  // Not remounted after all: the message is on screen, so the next visit starts clean.
  useEffect(() => {
    if (message) saidLast.delete(ticketId);
  }, [message, ticketId]);
  const data = state.data;
  const done = (text: string) => {
    setDialog(null);
    setMessage({ tone: 'ok', text });
    saidLast.set(ticketId, { tone: 'ok', text });
    onChanged?.();
  };

  return (
    <section className="deposit-actions" aria-label="Deposits">
      <QueryError state={state} />
      {data && (
        <>
          {data.enabled ? (
            <button type="button" onClick={() => setDialog({ kind: 'take' })}>
              Take deposit
            </button>
          ) : (
            <p className="hint">Deposits are off (Settings → Deposits).</p>
          )}
          {data.deposits.length > 0 && (
            <table className="list" aria-label="Deposits taken">
              <thead>
                <tr>
                  <th scope="col">Deposit</th>
                  <th scope="col">Method</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col" className="num">
                    Refunded
                  </th>
                  <th scope="col">Taken off</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.deposits.map((d) => (
                  <tr key={d.chargeId}>
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() => go({ name: 'invoice', invoiceId: d.invoiceId })}
                      >
                        {d.invoiceNumber}
                      </button>
                    </td>
                    <td>{d.methodName}</td>
                    <td className="num">{money.text(d.amountMinor)}</td>
                    <td className="num">{d.refundedMinor > 0 ? money.text(d.refundedMinor) : ''}</td>
                    <td>{d.consumedBy?.number ?? ''}</td>
                    <td>
                      {d.leftMinor > 0 && (
                        <button
                          type="button"
                          onClick={() => setDialog({ kind: 'refund', deposit: d })}
                          aria-label={`Refund deposit ${d.invoiceNumber}`}
                        >
                          Refund deposit
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <Message message={message} />
      {dialog?.kind === 'take' && data && (
        <TakeDepositDialog
          ticketId={ticketId}
          deposits={data}
          onClose={() => setDialog(null)}
          onDone={(number, amount) => done(`Took a deposit of ${amount}: ${number} is paid.`)}
        />
      )}
      {dialog?.kind === 'refund' && (
        <RefundDepositDialog
          deposit={dialog.deposit}
          onClose={() => setDialog(null)}
          onDone={(amount) => done(`Refunded ${amount} of ${dialog.deposit.invoiceNumber}.`)}
        />
      )}
    </section>
  );
}
