// Returns: find the sale (scan its receipt's barcode, type its number, or scan SN: of a unit it sold), then pick what
// comes back (a quantity per line, the exact units of a serial-tracked line, each with a disposition), where the money
// goes (the original tenders or store credit) and why; Complete return makes the credit note (a manager approves one
// beyond the return window) and shows the refund receipt to print. Scans go to the sale: an SN: of one of its units
// ticks it, one that is not on it is refused with the reason, any other code finds another sale.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { serialStatusPhrase, type RefundTo, type ReturnDisposition } from '../../core/enums.ts';
import type { ReturnableSale, ReturnResult } from '../../core/model.ts';
import { formatQtyMilli } from '../../core/money.ts';
import { classify } from '../../core/scan/classify.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { NOT_APPROVED, useApproval } from '../components/ManagerApproval.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { ReceiptView } from '../receipt/ReceiptView.tsx';
import { printReceipt } from '../receipt/print.ts';
import { useScanTarget } from '../scanner/router.ts';
import { ReturnLineRows } from './ReturnLines.tsx';
import {
  blankPick,
  findUnit,
  leftToReturn,
  previewReturn,
  returnLines,
  startPicks,
  type LinePick,
  type Picks,
  type SaleLine,
} from './returnPicks.ts';
import './returns.css';

export function ReturnsScreen({ code }: { code?: string }) {
  const api = useApi();
  const approve = useApproval();
  const money = useMoney();
  const locale = money.format.locale;
  const [findText, setFindText] = useState('');
  const [sale, setSale] = useState<ReturnableSale | null>(null);
  const [picks, setPicks] = useState<Picks>({});
  const [refundTo, setRefundTo] = useState<Exclude<RefundTo, 'balance'>>('tenders');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ReturnResult | null>(null);
  const findRef = useRef<HTMLInputElement>(null);
  const slip = useRef<HTMLElement>(null);
  // Opened from an invoice's Return: that sale, once.
  useEffect(() => {
    if (code) void find(code);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function find(text: string) {
    setBusy(true);
    const outcome = await api.findSale({ code: text });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
    const found = outcome.value;
    setResult(null);
    setSale(found);
    setPicks(startPicks(found));
    setRefundTo('tenders');
    setReason('');
    setFindText('');
    const scanned = found.lines.flatMap((l) => l.units).find((u) => u.serialId === found.scannedSerialId);
    setMessage(
      found.lines.every((l) => leftToReturn(l) === 0)
        ? { tone: 'error', text: `Everything on ${found.number} was already returned.` }
        : {
            tone: 'ok',
            text: `${found.number} found: ${scanned ? `${scanned.serial} ticked` : 'pick what comes back'}.`,
          },
    );
    findRef.current?.focus();
    return undefined;
  }

  /** A scan or a code typed into Find sale: SN: of this sale's unit ticks it; anything else finds a sale. */
  async function handleCode(text: string) {
    const trimmed = text.trim();
    if (!trimmed) {
      setMessage({
        tone: 'error',
        text: 'Scan the receipt’s barcode, type the invoice number, or scan SN: of a unit.',
      });
      return;
    }
    const c = classify(trimmed);
    const serial = c.kind === 'serial' ? c.serial : c.kind === 'gs1' ? c.serial : undefined;
    if (sale && !result && serial) return tickScanned(sale, serial);
    return find(trimmed);
  }

  async function tickScanned(current: ReturnableSale, serial: string) {
    setFindText('');
    const found = findUnit(current, serial);
    if (found && found.unit.returned) {
      return setMessage({ tone: 'error', text: `${found.unit.serial} was already returned from ${current.number}.` });
    }
    if (found) {
      setUnit(found.line, found.unit.serialId, 'stock');
      return setMessage({ tone: 'ok', text: `${found.unit.serial} ticked to return.` });
    }
    const matches = await api.lookupSerial({ serial });
    const match = matches.ok ? matches.value[0] : undefined;
    const why = !match
      ? `no unit has serial ${serial}`
      : match.invoice && match.status === 'sold'
        ? `it was sold on ${match.invoice.number}`
        : match.invoice && match.status === 'reserved'
          ? `it is reserved on draft ${match.invoice.number}`
          : `it is ${serialStatusPhrase[match.status]}`;
    setMessage({ tone: 'error', text: `${match?.serial ?? serial} is not on ${current.number}: ${why}.` });
    return undefined;
  }

  useScanTarget((scan) => void handleCode(scan.text));

  function setPick(line: SaleLine, change: (pick: LinePick) => LinePick) {
    setPicks((p) => ({ ...p, [line.invoiceLineId]: change(p[line.invoiceLineId] ?? blankPick()) }));
  }
  function setUnit(line: SaleLine, serialId: number, disposition: ReturnDisposition | null) {
    setPick(line, (pick) => {
      const units = { ...pick.units };
      if (disposition) units[serialId] = disposition;
      else delete units[serialId];
      return { ...pick, units };
    });
  }

  function submitFind(event: FormEvent) {
    event.preventDefault();
    void handleCode(findText);
  }

  const request = sale ? returnLines(sale, picks, locale) : null;
  const preview = sale && request ? previewReturn(sale, request.lines) : null;

  async function complete() {
    if (!sale || !request) return;
    if (request.problem) return setMessage({ tone: 'error', text: request.problem });
    if (request.lines.length === 0) return setMessage({ tone: 'error', text: 'Pick something to return.' });
    setBusy(true);
    const outcome = await approve((approvalPin) =>
      api.completeReturn({
        invoiceId: sale.invoiceId,
        lines: request.lines,
        refundTo,
        reason,
        ...(approvalPin ? { approvalPin } : {}),
      }),
    );
    setBusy(false);
    if (!outcome.ok) {
      setMessage({ tone: 'error', text: outcome.error.code === 'cancelled' ? NOT_APPROVED : outcome.error.message });
      return undefined;
    }
    setResult(outcome.value);
    findRef.current?.focus(); // the next scan starts the next return
    const cn = outcome.value.creditNote;
    const refunded = cn.refunds.map((r) => `${money.total(r.amountMinor)} to ${r.methodName}`).join(', ');
    setMessage({
      tone: 'ok',
      text:
        `Return ${cn.number} complete: ` +
        (refunded ? `refunded ${refunded}.` : `${money.total(cn.totalMinor)} off what ${cn.invoiceNumber} owes.`),
    });
    return undefined;
  }

  function newReturn() {
    setSale(null);
    setResult(null);
    setPicks({});
    setMessage(null);
    findRef.current?.focus();
  }

  async function print() {
    if (!result) return;
    const outcome = await printReceipt(slip.current, result.receipt.width);
    if (!outcome.ok) setMessage({ tone: 'error', text: outcome.message });
  }

  const late = sale !== null && sale.daysSinceSale > sale.returnWindowDays;
  const qty = (n: number) => formatQtyMilli(n, locale);

  return (
    <section className="returns" aria-labelledby="returns-title">
      <div className="screen-head">
        <h1 id="returns-title">Returns</h1>
      </div>
      <form className="find-sale" role="search" onSubmit={submitFind}>
        <label className="field">
          <span>Find sale</span>
          <input
            ref={findRef}
            autoFocus
            value={findText}
            placeholder="Scan the receipt, type INV-…, or scan SN:…"
            onChange={(e) => setFindText(e.target.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          Find
        </button>
      </form>
      <Message message={message} />

      {sale && !result && preview && (
        <>
          <dl className="facts">
            <dt>Sale</dt>
            <dd>{sale.number}</dd>
            <dt>Customer</dt>
            <dd>{sale.customerName}</dd>
            <dt>Sold</dt>
            <dd>
              {sale.invoiceDate} ({sale.daysSinceSale === 0 ? 'today' : `${sale.daysSinceSale} days ago`})
            </dd>
          </dl>
          {late && (
            <p className="message warn" id="late-hint">
              Sold {sale.daysSinceSale} days ago, beyond the {sale.returnWindowDays}-day return window: a manager
              approves this return.
            </p>
          )}
          <table className="list return-lines" aria-label={`Items on ${sale.number}`}>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col" className="num">
                  Sold
                </th>
                <th scope="col" className="num">
                  Returned
                </th>
                <th scope="col" className="num">
                  Unit price
                </th>
                <th scope="col">Return</th>
                <th scope="col">Disposition</th>
              </tr>
            </thead>
            {sale.lines.map((line) => (
              <ReturnLineRows
                key={line.invoiceLineId}
                line={line}
                pick={picks[line.invoiceLineId]}
                qty={qty}
                unitPrice={money.text(line.unitNetMinor)}
                onQty={(qtyText) => setPick(line, (p) => ({ ...p, qtyText }))}
                onDisposition={(disposition) => setPick(line, (p) => ({ ...p, disposition }))}
                onUnit={(serialId, disposition) => setUnit(line, serialId, disposition)}
              />
            ))}
          </table>

          <div className="return-foot">
            <fieldset className="refund-to">
              <legend>Refund to</legend>
              <label>
                <input
                  type="radio"
                  name="refund-to"
                  checked={refundTo === 'tenders'}
                  onChange={() => setRefundTo('tenders')}
                />
                Original tenders
              </label>
              <label>
                <input
                  type="radio"
                  name="refund-to"
                  checked={refundTo === 'credit'}
                  disabled={sale.customerIsWalkIn}
                  aria-describedby={sale.customerIsWalkIn ? 'walk-in-credit' : undefined}
                  onChange={() => setRefundTo('credit')}
                />
                Store credit
              </label>
              {sale.customerIsWalkIn && (
                <span className="hint" id="walk-in-credit">
                  The walk-in customer cannot hold store credit.
                </span>
              )}
            </fieldset>
            <label className="field">
              <span>Reason</span>
              <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
            </label>
            <table className="totals" aria-label="Return totals">
              <tbody>
                <tr>
                  <th scope="row">Subtotal</th>
                  <td className="num">{money.text(preview.subtotalMinor)}</td>
                </tr>
                <tr>
                  <th scope="row">Tax</th>
                  <td className="num">{money.text(preview.taxMinor)}</td>
                </tr>
                <tr className="grand">
                  <th scope="row">Total</th>
                  <td className="num">{money.total(preview.totalMinor)}</td>
                </tr>
                {preview.totalMinor > preview.refundMinor && (
                  <tr>
                    <th scope="row">Off what {sale.number} owes</th>
                    <td className="num">{money.text(preview.totalMinor - preview.refundMinor)}</td>
                  </tr>
                )}
                {preview.refundMinor > 0 && refundTo === 'credit' && (
                  <tr>
                    <th scope="row">To store credit</th>
                    <td className="num">{money.text(preview.refundMinor)}</td>
                  </tr>
                )}
                {preview.refundMinor > 0 &&
                  refundTo === 'tenders' &&
                  preview.toTenders.map((t, i) => (
                    <tr key={i}>
                      <th scope="row">Refund to {t.methodName}</th>
                      <td className="num">{money.text(t.amountMinor)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          <div className="editor-actions">
            <button
              type="button"
              className="primary big"
              disabled={busy || request?.lines.length === 0}
              aria-describedby={late ? 'late-hint' : undefined}
              onClick={() => void complete()}
            >
              {busy ? 'Completing…' : 'Complete return'}
            </button>
          </div>
        </>
      )}

      {result && (
        <div className="return-done">
          <div className="slip-scroll">
            <ReceiptView ref={slip} receipt={result.receipt} />
          </div>
          <div className="editor-actions">
            <button type="button" onClick={() => void print()}>
              Print receipt
            </button>
            <button type="button" className="primary" onClick={newReturn}>
              New return
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
