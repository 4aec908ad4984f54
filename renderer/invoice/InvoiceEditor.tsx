// The invoice editor: header, item search (scans), lines, totals, and what can be done with the invoice in its
// status: Save draft and Save (finalise) while it is a draft; once sent it shows read-only until Edit (so the next
// scan never lands on it), with Take payment, Quick pay and Void; a paid invoice is shown read-only (it can only be
// voided), a void one read-only with its status. Item search keeps the focus; Ctrl+S saves.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { flushSync } from 'react-dom';
import { useStore } from 'zustand';
import type { AppInfo, Invoice, Product, SerialMatch } from '../../core/model.ts';
import { OPEN_INVOICE_STATUSES } from '../../core/enums.ts';
import { addDays, localDate } from '../../core/dates.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { useApproval } from '../components/ManagerApproval.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';
import { CaptureSerialsDialog } from './CaptureSerialsDialog.tsx';
import {
  createDraftStore,
  draftTotals,
  headerFromInvoice,
  lineName,
  lineQty,
  linePrice,
  linesFromInvoice,
  linesMissingSerials,
  type DraftState,
  type DraftStore,
} from './draft.ts';
import { HeaderFields } from './EditorHeader.tsx';
import { InvoiceTotals } from './InvoiceTotals.tsx';
import { ItemSearch, type ItemSearchAnswer } from './ItemSearch.tsx';
import { LineGrid } from './LineGrid.tsx';
import { useLineStock } from './lineStock.ts';
import { ProductPicker } from './ProductPicker.tsx';
import { routeCode, serialRefusal } from './scan.ts';
import { useScanTarget } from '../scanner/router.ts';
import { InvoiceStatusBadge } from '../money/InvoiceStatusBadge.tsx';
import { TakePaymentDialog } from '../money/TakePaymentDialog.tsx';
import { VoidInvoiceDialog } from '../money/VoidInvoiceDialog.tsx';
import { ReceiptDialog } from '../receipt/ReceiptDialog.tsx';
import { DocumentActions } from '../documents/DocumentActions.tsx';
import { EmailInvoiceButton, InvoiceEmailLog } from '../email/InvoiceEmail.tsx';
import { useDraftRescue } from '../recovery/draftRescue.ts';

type Message = ScreenMessage;

/** The service refuses a save of a paid invoice with the same words. */
export const PAID_LOCKED = 'Cannot modify paid invoice — void it instead.';
const VOID_LOCKED = 'This invoice is void: it cannot be changed.';
/** What a scan or a pick on a saved invoice shown read-only says. */
export const savedReadOnly = (number: string) => `${number} is saved. Press Edit to change it, or New invoice.`;

/** Loads the invoice (or starts a new one), then shows the editor. */
export function InvoiceEditor({ info, invoiceId }: { info: AppInfo; invoiceId: number | null }) {
  const api = useApi();
  const { format } = useMoney();
  const [store] = useState<DraftStore>(() =>
    createDraftStore(
      {
        invoiceId: null,
        number: null,
        revision: null,
        customerId: info.defaultCustomerId,
        customerName: info.defaultCustomerName,
        locationId: info.defaultLocationId,
        invoiceDate: localDate(new Date()),
        terms: '',
        dueDate: '',
        notes: '',
      },
      format,
      info.defaultTaxRateId ?? null,
    ),
  );
  const [saved, setSaved] = useState<Invoice | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (invoiceId === null) return;
    void api.getInvoice({ id: invoiceId }).then((outcome) => {
      if (!outcome.ok) return setLoadError(outcome.error.message);
      store.getState().load(headerFromInvoice(outcome.value), linesFromInvoice(outcome.value, format));
      setSaved(outcome.value);
      return undefined;
    });
  }, [api, invoiceId, store, format]);

  if (loadError)
    return (
      <p role="alert" className="message error">
        {loadError}
      </p>
    );
  if (invoiceId !== null && !saved) return <p role="status">Loading invoice…</p>;
  return <Editor store={store} saved={saved} onSaved={setSaved} taxRateBp={info.taxRateBp} />;
}

type Dialog = 'pay' | 'void' | 'receipt' | null;

function Editor({
  store,
  saved,
  onSaved,
  taxRateBp,
}: {
  store: DraftStore;
  /** The invoice as the store last returned it; null until a new invoice is first saved. */
  saved: Invoice | null;
  onSaved: (invoice: Invoice) => void;
  /** The shop's default rate, until the rates are loaded. */
  taxRateBp: number;
}) {
  const api = useApi();
  const approve = useApproval();
  const draft = useStore(store);
  const money = useMoney();
  const setGuard = useNav((s) => s.setGuard);
  const locations = useApiQuery('listLocations', {});
  const rates = useApiQuery('listTaxRates', {});
  const terms = useApiQuery('listPaymentTerms', {});
  const [message, setMessage] = useState<Message>(null);
  const [captureKey, setCaptureKey] = useState<string | null>(null);
  const [ambiguous, setAmbiguous] = useState<SerialMatch[] | null>(null);
  const [busy, setBusy] = useState<'draft' | 'save' | 'quick' | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  // A new invoice and a draft are edited; a saved invoice shows read-only until Edit, and again after Save.
  const [editing, setEditing] = useState(() => saved === null || saved.status === 'draft');
  // The draft survives a crash and its Reload; a saved invoice's kept changes reopen in Edit.
  useDraftRescue('invoice', store, saved?.id ?? null, () => setEditing(true));

  const status = saved?.status ?? null;
  const locked = status === 'paid' ? PAID_LOCKED : status === 'void' ? VOID_LOCKED : null;
  const viewing = locked === null && !editing && saved !== null;
  /** Why nothing can be added now (paid, void, or saved and not being edited); null while editing. */
  const refusal = locked ?? (viewing ? savedReadOnly(saved.number) : null);
  const readOnly = locked !== null || viewing;
  const isDraft = status === null || status === 'draft';
  const open = status !== null && (OPEN_INVOICE_STATUSES as readonly string[]).includes(status);

  useEffect(() => {
    setGuard(() => store.getState().dirty);
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (store.getState().dirty) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      setGuard(null);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [store, setGuard]);

  // A new invoice takes the shop's default terms, and its due date from them, once they are known.
  const defaultTerms = terms.data?.find((t) => t.isDefault) ?? terms.data?.[0];
  useEffect(() => {
    const d = store.getState();
    if (!defaultTerms || d.terms !== '') return;
    store.getState().initHeader({ terms: defaultTerms.name, dueDate: addDays(d.invoiceDate, defaultTerms.days) });
  }, [store, defaultTerms]);

  // New lines are taxed at active rates only: a product's archived rate gives way to the shop's default.
  useEffect(() => {
    if (rates.data) store.getState().setRates(rates.data);
  }, [store, rates.data]);

  // Stable callbacks, so the memoised grid rows do not re-render when another line changes.
  const updateLine = useCallback<DraftState['updateLine']>(
    (key, patch) => store.getState().updateLine(key, patch),
    [store],
  );
  const removeLine = useCallback(
    (key: string) => {
      store.getState().removeLine(key);
      searchRef.current?.focus();
    },
    [store],
  );
  const stock = useLineStock(draft.lines, draft.locationId, saved, money.format.locale);
  const locationName = locations.data?.find((l) => l.id === draft.locationId)?.name ?? '';
  const totals = useMemo(
    () => draftTotals(draft.lines, money.format, rates.data, taxRateBp),
    [draft.lines, money.format, rates.data, taxRateBp],
  );
  const captureLine = draft.lines.find((l) => l.key === captureKey);
  const takenElsewhere = useMemo(
    () => new Set(draft.lines.filter((l) => l.key !== captureKey).flatMap((l) => l.serials.map((s) => s.id))),
    [draft.lines, captureKey],
  );

  // A scan's outcome (the line, its message and the cleared search) renders at once, not in a
  // later task, so it paints in the frame right after the answer.
  const error = (text: string) => flushSync(() => setMessage({ tone: 'error', text }));
  const ok = (text: string) => flushSync(() => setMessage({ tone: 'ok', text }));

  function addProduct(product: Product) {
    if (refusal) return error(refusal);
    flushSync(() => {
      store.getState().addProduct(product);
      ok(`Added ${product.name}.`);
    });
    return searchRef.current?.focus();
  }

  function addManualItem() {
    let key = '';
    flushSync(() => {
      key = store.getState().addManualItem();
      setMessage(null);
    });
    sectionRef.current?.querySelector<HTMLInputElement>(`tr[data-key="${key}"] input`)?.focus();
  }

  /** A code from the item search (typed + Enter, or a scanner typing into it) or from the scanner. */
  async function handleCode(code: string): Promise<void | ItemSearchAnswer> {
    if (refusal) return error(refusal);
    return routeCode(api, code, {
      refuse: error,
      addProduct,
      serialFound: captureMatch,
      serialsFound: setAmbiguous,
    });
  }

  useScanTarget((scan) => void handleCode(scan.text));

  async function captureMatch(match: SerialMatch) {
    setAmbiguous(null);
    const { invoiceId, locationId, lines } = store.getState();
    const ticketId = saved?.ticket?.id ?? null;
    const refused = serialRefusal(match, { invoiceId, locationId, locationName, lines, ticketId });
    if (refused) return error(refused);
    flushSync(() => {
      store.getState().addScannedSerial(match.product, { id: match.serialId, serial: match.serial });
      ok(`Captured ${match.serial} for ${match.productName}.`);
    });
    return searchRef.current?.focus();
  }

  /** The invoice as the store returned it becomes what the editor shows. */
  function show(invoice: Invoice) {
    store.getState().load(headerFromInvoice(invoice), linesFromInvoice(invoice, money.format));
    onSaved(invoice);
  }

  /** Save draft (asDraft) keeps a draft, its units Reserved; Save finalises it (Draft → Sent, units Sold). */
  async function save(asDraft: boolean) {
    const { lines } = store.getState();
    const locale = money.format.locale;
    if (lines.length === 0) return error('Add at least one item before saving.');
    const unnamed = lines.filter((l) => l.productId === null && !l.description.trim());
    const badQty = lines.filter((l) => lineQty(l, locale) === null);
    const badPrice = lines.filter((l) => linePrice(l, money.format) === null);
    if (unnamed.length > 0 || badQty.length > 0 || badPrice.length > 0) {
      return error(
        `Not saved. Fix ${[
          ...unnamed.map((l) => `the name of ${l.label}`),
          ...badQty.map(
            (l) =>
              `the quantity of ${lineName(l)} (${l.serialized ? 'a whole number from 1' : l.counted ? 'a number from 0, up to 3 decimals' : 'a number above 0, up to 3 decimals'})`,
          ),
          ...badPrice.map((l) => `the unit price of ${lineName(l)} (an amount like ${money.input(1999)})`),
        ].join(', ')}.`,
      );
    }
    const missing = linesMissingSerials(lines, locale);
    if (missing.length > 0) {
      return error(
        `Not saved. Capture serials for: ${missing.map((m) => `${m.name} (${m.captured}/${m.units ?? '?'})`).join(', ')}.`,
      );
    }
    const d = store.getState();
    setBusy(asDraft ? 'draft' : 'save');
    // A discount above the limit or a price below cost needs a manager: the approval dialog asks for one's PIN.
    const outcome = await approve((approvalPin) =>
      api.saveInvoice({
        ...(approvalPin ? { approvalPin } : {}),
        ...(d.invoiceId !== null ? { id: d.invoiceId } : {}),
        ...(d.revision !== null ? { revision: d.revision } : {}),
        draft: asDraft,
        customerId: d.customerId,
        locationId: d.locationId,
        invoiceDate: d.invoiceDate,
        terms: d.terms,
        ...(d.dueDate ? { dueDate: d.dueDate } : {}),
        notes: d.notes,
        lines: d.lines.map((l) => ({
          ...(l.lineId !== null ? { id: l.lineId } : {}),
          productId: l.productId,
          description: l.description,
          qty: lineQty(l, locale)!,
          unitPriceMinor: linePrice(l, money.format)!,
          taxable: l.taxable,
          // A saved line that keeps its saved rate sends none: the store keeps the rate it was saved with.
          ...(l.lineId !== null && l.savedRate ? {} : { taxRateId: l.taxRateId }),
          serialIds: l.serials.map((s) => s.id),
          // A recurring counter line stays counted (its quantity may be 0).
          ...(l.counted ? { counted: true } : {}),
        })),
      }),
    );
    setBusy(null);
    if (!outcome.ok)
      return outcome.error.code === 'cancelled'
        ? error('Not saved: no manager approved it.')
        : error(outcome.error.message);
    show(outcome.value);
    // Saved and sent: read-only until Edit, so the next scan cannot land on it. A draft stays in edit.
    if (outcome.value.status !== 'draft') setEditing(false);
    const { number, totalMinor } = outcome.value;
    ok(`${asDraft ? 'Saved draft' : 'Saved'} ${number}. Total ${money.text(totalMinor)}.`);
    return searchRef.current?.focus();
  }

  /** Edit a saved invoice; Cancel edit puts back the invoice as saved. */
  function startEditing(on: boolean) {
    flushSync(() => {
      if (!on && saved) store.getState().load(headerFromInvoice(saved), linesFromInvoice(saved, money.format));
      setEditing(on);
      setMessage(null);
    });
    searchRef.current?.focus();
  }

  // Ctrl+S (⌘S) saves (Save, not Save draft) while the invoice is edited; never the browser's Save page.
  const shortcut = useRef<() => void>(() => {});
  shortcut.current = () => {
    if (!readOnly && busy === null) void save(false);
  };
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 's') return;
      e.preventDefault();
      if (!document.querySelector('[role="dialog"]')) shortcut.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  // The item search has the focus at load and whenever a dialog closes (after the Dialog gives it back to its opener).
  const dialogOpen = captureKey !== null || ambiguous !== null || dialog !== null;
  useEffect(() => {
    if (!dialogOpen) searchRef.current?.focus();
  }, [dialogOpen]);

  async function quickPay(invoice: Invoice) {
    setBusy('quick');
    const outcome = await api.quickPay({ id: invoice.id });
    setBusy(null);
    if (!outcome.ok) return error(outcome.error.message);
    show(outcome.value);
    return ok(`${invoice.number} is paid in full (${money.total(invoice.balanceMinor)}).`);
  }

  const idle = busy === null;
  // Money actions work on the invoice as saved: with unsaved changes, save them (or leave) first.
  const moneyHint = saved && !readOnly && draft.dirty ? 'Save your changes before taking payment or voiding.' : null;

  return (
    <section className="editor" aria-label="Invoice editor" ref={sectionRef}>
      <header className="editor-head">
        <div className="title-row">
          <h1>
            {draft.number ? `Invoice ${draft.number}` : 'New invoice'}
            {draft.dirty && <span className="unsaved"> · unsaved changes</span>}
          </h1>
          {saved && <InvoiceStatusBadge status={saved.status} overdue={saved.overdue} />}
          {saved?.ticket && (
            <button
              type="button"
              className="link"
              onClick={() => useNav.getState().go({ name: 'ticket', id: saved.ticket!.id })}
            >
              {saved.isDeposit ? 'Deposit on' : 'From'} {saved.ticket.number}
            </button>
          )}
          {saved?.recurring && (
            <button
              type="button"
              className="link"
              onClick={() => useNav.getState().go({ name: 'recurringTemplate', id: saved.recurring!.id })}
            >
              from {saved.recurring.number}
            </button>
          )}
        </div>
        <HeaderFields
          store={store}
          customerId={draft.customerId}
          customerName={draft.customerName}
          locationId={draft.locationId}
          invoiceDate={draft.invoiceDate}
          terms={draft.terms}
          dueDate={draft.dueDate}
          locations={locations.data}
          termsList={terms.data}
          readOnly={readOnly}
        />
      </header>
      {locked && <p className="message locked">{locked}</p>}
      {saved?.voidedBy && (
        <p className="hint">
          {`Voided by ${saved.voidedBy}${saved.voidApprovedBy && saved.voidApprovedBy !== saved.voidedBy ? `, approved by ${saved.voidApprovedBy}` : ''}.`}
        </p>
      )}

      <div className="search-row">
        <ItemSearch ref={searchRef} onCode={handleCode} onPick={addProduct} disabled={locked !== null} />
        {!readOnly && (
          <button type="button" onClick={addManualItem}>
            Add manual item
          </button>
        )}
      </div>
      <div className="message-slot">
        <Message message={message} />
      </div>

      <LineGrid
        lines={draft.lines}
        rates={rates.data}
        readOnly={readOnly}
        onChange={updateLine}
        onRemove={removeLine}
        onOpenSerials={setCaptureKey}
        stock={stock}
      />

      <div className="editor-foot">
        <label className="field notes">
          <span>Notes</span>
          <textarea
            rows={2}
            value={draft.notes}
            disabled={readOnly}
            onChange={(e) => store.getState().setHeader({ notes: e.target.value })}
          />
        </label>
        <InvoiceTotals totals={totals} saved={saved} dirty={draft.dirty} />
      </div>
      <div className="editor-actions">
        {moneyHint && (
          <p className="hint" id="money-hint">
            {moneyHint}
          </p>
        )}
        {saved && <DocumentActions kind="invoice" id={saved.id} disabled={!idle || draft.dirty} />}
        {saved && !isDraft && status !== 'void' && (
          <button type="button" disabled={!idle} onClick={() => setDialog('receipt')}>
            Reprint receipt
          </button>
        )}
        {saved && !isDraft && status !== 'void' && (
          <button
            type="button"
            disabled={!idle || draft.dirty}
            onClick={() => useNav.getState().go({ name: 'returns', code: saved.number })}
          >
            Return
          </button>
        )}
        {saved && status !== 'void' && !saved.isDeposit && (
          <button
            type="button"
            disabled={!idle || draft.dirty}
            onClick={() => useNav.getState().go({ name: 'recurringTemplate', id: null, fromInvoice: saved.id })}
          >
            Make recurring
          </button>
        )}
        {saved && status !== 'void' && (
          <EmailInvoiceButton invoice={saved} disabled={!idle || draft.dirty} onSent={show} />
        )}
        {saved && status !== 'void' && (
          <button
            type="button"
            className="danger"
            disabled={!idle || moneyHint !== null}
            aria-describedby={moneyHint ? 'money-hint' : undefined}
            onClick={() => setDialog('void')}
          >
            Void invoice
          </button>
        )}
        {saved && open && (
          <>
            <button
              type="button"
              disabled={!idle || moneyHint !== null}
              aria-describedby={moneyHint ? 'money-hint' : undefined}
              onClick={() => void quickPay(saved)}
            >
              Quick pay
            </button>
            <button
              type="button"
              disabled={!idle || moneyHint !== null}
              aria-describedby={moneyHint ? 'money-hint' : undefined}
              onClick={() => setDialog('pay')}
            >
              Take payment
            </button>
          </>
        )}
        {saved && !isDraft && !locked && editing && (
          <button type="button" className="big" onClick={() => startEditing(false)} disabled={!idle}>
            Cancel edit
          </button>
        )}
        {viewing && (
          <button type="button" className="primary big" onClick={() => startEditing(true)} disabled={!idle}>
            Edit
          </button>
        )}
        {!readOnly && isDraft && (
          <button type="button" className="big" onClick={() => void save(true)} disabled={!idle}>
            {busy === 'draft' ? 'Saving…' : 'Save draft'}
          </button>
        )}
        {!readOnly && (
          <button type="button" className="primary big" onClick={() => void save(false)} disabled={!idle}>
            {busy === 'save' ? 'Saving…' : 'Save'}
          </button>
        )}
      </div>

      {saved && <InvoiceEmailLog invoiceId={saved.id} />}

      {captureLine && (
        <CaptureSerialsDialog
          line={captureLine}
          locationId={draft.locationId}
          locationName={locationName}
          invoiceId={draft.invoiceId}
          takenElsewhere={takenElsewhere}
          onCancel={() => setCaptureKey(null)}
          onConfirm={(serials) => {
            store.getState().setSerials(captureLine.key, serials);
            setCaptureKey(null);
          }}
        />
      )}
      {ambiguous && (
        <ProductPicker matches={ambiguous} onPick={(m) => void captureMatch(m)} onCancel={() => setAmbiguous(null)} />
      )}
      {saved && dialog === 'pay' && (
        <TakePaymentDialog
          invoice={saved}
          onClose={() => setDialog(null)}
          onPaid={(invoice, amount, credit) => {
            setDialog(null);
            show(invoice);
            ok(
              `Recorded ${amount} on ${invoice.number}. Balance due ${money.total(invoice.balanceMinor)}.` +
                (credit > 0 ? ` ${money.total(credit)} kept as ${invoice.customerName}'s store credit.` : ''),
            );
          }}
        />
      )}
      {saved && dialog === 'receipt' && <ReceiptDialog of={{ invoiceId: saved.id }} onClose={() => setDialog(null)} />}
      {saved && dialog === 'void' && (
        <VoidInvoiceDialog
          invoice={saved}
          onClose={() => setDialog(null)}
          onVoided={(invoice) => {
            setDialog(null);
            show(invoice);
            ok(`${invoice.number} is void.`);
          }}
        />
      )}
    </section>
  );
}
