// The Sell screen: the counter. Item search and the line grid (as in the invoice editor), the total large and always
// in view, the customer (Walk-in unless one is attached), discounts, Hold and Recall, and Pay. Every action has a key
// (F12 Pay, F8 Hold, F9 Recall, F4 Customer, F6 Discount), so a whole sale needs no mouse: scan, F12, the amount
// tendered, Enter, Enter. Every scan is answered with a sound and the line flashing; a refusal stays in a red strip
// until the next action.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { useStore } from 'zustand';
import { localDate } from '../../core/dates.ts';
import type { AppInfo, Customer, HeldSale, Product, SaleResult, SerialMatch } from '../../core/model.ts';
import { lineTotalMinor } from '../../core/money.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { CustomerPicker } from '../components/CustomerPicker.tsx';
import { NOT_APPROVED, useApproval } from '../components/ManagerApproval.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { CaptureSerialsDialog } from '../invoice/CaptureSerialsDialog.tsx';
import {
  createDraftStore,
  headerFromInvoice,
  lineName,
  lineQty,
  linePrice,
  type DraftState,
  type DraftStore,
} from '../invoice/draft.ts';
import { ItemSearch, type ItemSearchAnswer } from '../invoice/ItemSearch.tsx';
import { LineGrid, type CounterDiscount } from '../invoice/LineGrid.tsx';
import { useLineStock } from '../invoice/lineStock.ts';
import { ProductPicker } from '../invoice/ProductPicker.tsx';
import { routeCode, serialRefusal } from '../invoice/scan.ts';
import { useScanTarget } from '../scanner/router.ts';
import { useNav, type Screen } from '../stores/nav.ts';
import { DiscountDialog, WHOLE_SALE, type DiscountTarget } from './DiscountDialog.tsx';
import { beep, useLineFlash } from './feedback.ts';
import { PaymentDialog, type Tender } from './PaymentDialog.tsx';
import { RecallDialog } from './RecallDialog.tsx';
import {
  discountText,
  NO_DISCOUNTS,
  saleFromInvoice,
  saleInput,
  saleProblem,
  saleTotals,
  type SaleDiscounts,
} from './sale.ts';
import { SaleDoneDialog } from './SaleDoneDialog.tsx';
import { SaleTotals } from './SaleTotals.tsx';
import { canTransferHere, TransferHereButton } from './TransferHere.tsx';
import { useDraftRescue } from '../recovery/draftRescue.ts';

/** The shortcuts, as the bar lists them and the buttons announce them (aria-keyshortcuts). */
export const SHORTCUTS = { pay: 'F12', hold: 'F8', recall: 'F9', customer: 'F4', discount: 'F6' } as const;

const NONE_TAKEN: ReadonlySet<number> = new Set();

/**
 * A sale longer than this renders only the lines in view (about 10 at 1024×768): each scan then lays out and paints a
 * screenful, however long the sale.
 */
const COUNTER_WINDOW_FROM = 20;

/** The Till screen (opened from a closed-till refusal). */
const TILL_SCREEN: Screen = { name: 'till' };

/** The service's words when the till is closed; the strip adds a way to the Till screen. */
const TILL_CLOSED = 'Open the till before taking a sale: Till → Open till.';

interface NextSale {
  n: number;
  /** A scan on the receipt starts the next sale with that item. */
  firstCode?: string;
  /** What the previous sale ended with ("Held INV-000012."). */
  notice?: string;
}

/** The counter: one sale at a time; New sale mounts a fresh one. */
export function SellScreen({ info }: { info: AppInfo }) {
  const [next, setNext] = useState<NextSale>({ n: 0 });
  return (
    <Sale
      key={next.n}
      info={info}
      firstCode={next.firstCode}
      notice={next.notice}
      onNewSale={(start) => setNext((s) => ({ n: s.n + 1, ...start }))}
    />
  );
}

type Strip = { tone: 'error' | 'ok'; text: string; extra?: ReactNode } | null;
type DialogName = 'pay' | 'discount' | 'recall' | null;

function Sale({
  info,
  firstCode,
  notice,
  onNewSale,
}: {
  info: AppInfo;
  firstCode: string | undefined;
  notice: string | undefined;
  onNewSale: (start?: Omit<NextSale, 'n'>) => void;
}) {
  const api = useApi();
  const approve = useApproval();
  const money = useMoney();
  const go = useNav((s) => s.go);
  const setGuard = useNav((s) => s.setGuard);
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
      money.format,
      info.defaultTaxRateId ?? null,
    ),
  );
  const draft = useStore(store);
  useDraftRescue('sale', store, null); // the cart survives a crash and its Reload
  const rates = useApiQuery('listTaxRates', {});
  const locations = useApiQuery('listLocations', {});
  const methods = useApiQuery('listPaymentMethods', {});
  const settings = useApiQuery('getCounterSettings', {});
  const till = useApiQuery('currentTill', {});
  const walkIn = draft.customerId === info.defaultCustomerId;
  const account = useApiQuery('getCustomerAccount', { id: draft.customerId }, !walkIn);
  const [discounts, setDiscounts] = useState<SaleDiscounts>(NO_DISCOUNTS);
  const [strip, setStrip] = useState<Strip>(notice ? { tone: 'ok', text: notice } : null);
  const [captureKey, setCaptureKey] = useState<string | null>(null);
  const [ambiguous, setAmbiguous] = useState<SerialMatch[] | null>(null);
  const [dialog, setDialog] = useState<DialogName>(null);
  const [done, setDone] = useState<SaleResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [lastKey, setLastKey] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const flash = useLineFlash(sectionRef);

  const sound = settings.data?.scanSound ?? true;
  const locationName = locations.data?.find((l) => l.id === draft.locationId)?.name ?? '';
  const totals = useMemo(
    () => saleTotals(draft.lines, discounts, money.format, rates.data, info.taxRateBp),
    [draft.lines, discounts, money.format, rates.data, info.taxRateBp],
  );
  // Each line's discount under its total in the grid.
  const counterGrid = useMemo(() => {
    const shown = new Map<string, CounterDiscount>();
    draft.lines.forEach((l, i) => {
      const d = discounts.lines[l.key];
      if (d)
        shown.set(l.key, { text: `−${discountText(d, money.format)}`, minor: totals.lines[i]?.discountMinor ?? 0 });
    });
    return { discounts: shown };
  }, [draft.lines, discounts, totals, money.format]);
  const stock = useLineStock(draft.lines, draft.locationId, null, money.format.locale);
  const captureLine = draft.lines.find((l) => l.key === captureKey);
  // Only while Capture Serials is open (not on every scan).
  const takenElsewhere = useMemo(
    () =>
      captureKey === null
        ? NONE_TAKEN
        : new Set(draft.lines.filter((l) => l.key !== captureKey).flatMap((l) => l.serials.map((s) => s.id))),
    [draft.lines, captureKey],
  );
  const tillClosed = till.status === 'ok' && till.data === null;

  // Leaving the screen mid-sale asks first (nothing of an unpaid sale is kept unless it is held).
  useEffect(() => {
    setGuard(() => store.getState().lines.length > 0);
    return () => setGuard(null);
  }, [store, setGuard]);

  const focusSearch = useCallback(() => searchRef.current?.focus(), []);

  // The outcome of an action renders at once (not in a later task), so a scan's answer paints in the next frame.
  const refuse = (text: string, extra?: ReactNode) => {
    flushSync(() => setStrip({ tone: 'error', text, ...(extra ? { extra } : {}) }));
    if (sound) beep('refused');
  };
  /**
   * A success in the strip. `change` (the sale's update, returning the line it added or changed) renders with the
   * strip in one go, so a scan's answer costs one render; then that line flashes and the scan beeps.
   */
  const ok = (text: string, change?: () => string) => {
    let key: string | undefined;
    const count = store.getState().lines.length;
    flushSync(() => {
      key = change?.();
      setStrip({ tone: 'ok', text });
      if (key) setLastKey(key);
    });
    if (key) flash(key, store.getState().lines.length === count); // the grid scrolls to a line it appends
    if (sound && key) beep('ok');
  };

  function addProduct(product: Product) {
    ok(product.serialized ? `Added ${product.name}: scan its serial.` : `Added ${product.name}.`, () => {
      const key = store.getState().addProduct(product);
      if (product.serialized) setCaptureKey(key);
      return key;
    });
  }

  /** A code from the item search (typed + Enter, or a wedge scanner typing into it) or from the scanner. */
  // Scans being answered: an F-key pressed right after a scan (a wedge scanner, a quick cashier) waits for them.
  const inFlight = useRef<Promise<unknown>>(Promise.resolve());
  const settled = () => inFlight.current;
  function handleCode(code: string): Promise<void | ItemSearchAnswer> {
    const answer = answerCode(code);
    inFlight.current = Promise.all([inFlight.current, answer.catch(() => undefined)]);
    return answer;
  }

  // The strip is not cleared when the scan arrives: its answer replaces it (each path ends in ok or refuse, or clears
  // it), so a scan renders the screen once, with its line and its message.
  function answerCode(code: string): Promise<void | ItemSearchAnswer> {
    return routeCode(api, code, {
      refuse,
      addProduct,
      serialFound: captureMatch,
      serialsFound: (matches) => {
        setStrip(null);
        setAmbiguous(matches);
      },
    });
  }

  function captureMatch(match: SerialMatch) {
    setAmbiguous(null);
    const { invoiceId, locationId, lines } = store.getState();
    const refusal = serialRefusal(match, { invoiceId, locationId, locationName, lines });
    if (refusal) {
      // A unit In stock at another location: offer to bring it here (TransferHere.tsx), then it is captured.
      const offer = canTransferHere(match, locationId) && (
        <TransferHereButton
          match={match}
          locationId={locationId}
          locationName={locationName}
          onTransferred={captureMatch}
        />
      );
      return refuse(refusal.replace('on this invoice', 'on this sale'), offer || undefined);
    }
    return ok(`Captured ${match.serial} for ${match.productName}.`, () =>
      store.getState().addScannedSerial(match.product, { id: match.serialId, serial: match.serial }),
    );
  }

  useScanTarget((scan) => void handleCode(scan.text));

  // A scan on the last sale's receipt is this sale's first item.
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !firstCode) return;
    started.current = true;
    void handleCode(firstCode);
  });

  /** Why the sale cannot be paid or held, shown in the strip; false when it can. */
  function blocked(): boolean {
    const problem = saleProblem(store.getState().lines, money.format);
    if (problem) refuse(problem);
    return problem !== null;
  }

  const tillLink = (
    <button type="button" className="link" onClick={() => go(TILL_SCREEN)}>
      Open the till
    </button>
  );

  async function pay() {
    await settled();
    setStrip(null);
    if (blocked()) return;
    if (tillClosed) return refuse(TILL_CLOSED, tillLink);
    return setDialog('pay');
  }

  async function complete(tenders: Tender[]) {
    const sale = saleInput(store.getState(), discounts, money.format);
    const outcome = await approve((approvalPin) =>
      api.completeSale({
        sale,
        tenders: tenders.map((t) => ({ methodId: t.methodId, amountMinor: t.amountMinor, reference: t.reference })),
        ...(approvalPin ? { approvalPin } : {}),
      }),
    );
    if (!outcome.ok) {
      const { message } = outcome.error;
      return { message, ...(message.startsWith('Open the till') ? { extra: tillLink } : {}) };
    }
    flushSync(() => {
      setDialog(null);
      setDone(outcome.value);
    });
    setGuard(null);
    return null;
  }

  async function hold() {
    await settled();
    setStrip(null);
    if (blocked()) return;
    setBusy(true);
    const sale = saleInput(store.getState(), discounts, money.format);
    const outcome = await approve((approvalPin) => api.holdSale({ sale, ...(approvalPin ? { approvalPin } : {}) }));
    setBusy(false);
    if (!outcome.ok) return refuse(outcome.error.code === 'cancelled' ? NOT_APPROVED : outcome.error.message);
    setGuard(null);
    const first = outcome.value.lines[0]?.description ?? '';
    return onNewSale({ notice: `Held ${outcome.value.number} (${first}). Recall it with ${SHORTCUTS.recall}.` });
  }

  async function openRecall() {
    await settled();
    setStrip(null);
    if (store.getState().lines.length > 0) {
      return refuse(`Hold or finish this sale before recalling another (${SHORTCUTS.hold} holds it).`);
    }
    return setDialog('recall');
  }

  async function recall(held: HeldSale) {
    setDialog(null);
    const found = await api.getInvoice({ id: held.invoiceId });
    if (!found.ok) return refuse(found.error.message);
    const invoice = found.value;
    if (invoice.status !== 'draft' || !invoice.heldAt) return refuse(`${invoice.number} is no longer held.`);
    const loaded = saleFromInvoice(invoice, money.format);
    flushSync(() => {
      store.getState().load(headerFromInvoice(invoice), loaded.lines);
      setDiscounts(loaded.discounts);
    });
    ok(`Recalled ${invoice.number}: ${held.firstItem}.`);
    return focusSearch();
  }

  async function openDiscount() {
    await settled();
    setStrip(null);
    if (store.getState().lines.length === 0) return refuse('Scan an item before giving a discount.');
    return setDialog('discount');
  }

  // Only while the Discount dialog is open (not on every scan).
  const discountTargets = useMemo<DiscountTarget[]>(() => {
    if (dialog !== 'discount') return [];
    const lineTargets = draft.lines.map((l) => ({
      key: l.key,
      label: lineName(l),
      amountMinor: lineTotalMinor(lineQty(l, money.format.locale) ?? 0, linePrice(l, money.format) ?? 0),
      current: discounts.lines[l.key] ?? null,
    }));
    return [
      { key: WHOLE_SALE, label: 'Whole sale', amountMinor: totals.subtotalMinor, current: discounts.sale },
      ...lineTargets,
    ];
  }, [dialog, draft.lines, discounts, totals.subtotalMinor, money.format]);

  function chooseCustomer(customer: Pick<Customer, 'id' | 'name'>) {
    store.getState().setHeader({ customerId: customer.id, customerName: customer.name });
    setStrip({ tone: 'ok', text: `Customer: ${customer.name}.` });
    focusSearch();
  }

  // The F-keys, while no dialog is open (a dialog handles its own keys).
  const keys = useRef<(e: KeyboardEvent) => void>(() => {});
  keys.current = (e: KeyboardEvent) => {
    if (!/^F\d+$/.test(e.key) || document.querySelector('[aria-modal="true"]')) return;
    const act: Record<string, () => void> = {
      [SHORTCUTS.pay]: () => void pay(),
      [SHORTCUTS.hold]: () => void hold(),
      [SHORTCUTS.recall]: () => void openRecall(),
      [SHORTCUTS.customer]: () =>
        sectionRef.current?.querySelector<HTMLInputElement>('.sell-customer input[role="combobox"]')?.focus(),
      [SHORTCUTS.discount]: () => void openDiscount(),
    };
    const run = act[e.key];
    if (!run) return;
    e.preventDefault();
    run();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const updateLine = useCallback<DraftState['updateLine']>(
    (key, patch) => store.getState().updateLine(key, patch),
    [store],
  );
  const removeLine = useCallback(
    (key: string) => {
      store.getState().removeLine(key);
      setDiscounts((d) => {
        if (!(key in d.lines)) return d;
        const { [key]: _gone, ...rest } = d.lines;
        return { ...d, lines: rest };
      });
      focusSearch();
    },
    [store, focusSearch],
  );

  const creditMinor = walkIn ? null : (account.data?.creditMinor ?? 0);
  const email = walkIn ? '' : (account.data?.customer.email ?? '');
  const idle = !busy && dialog === null;

  return (
    <section className="sell" aria-label="Sell" ref={sectionRef}>
      <div className="sell-main">
        <header className="sell-head">
          <h1>{draft.number ? `Sell · ${draft.number}` : 'Sell'}</h1>
          <div className="sell-customer">
            <CustomerPicker
              label="Customer"
              value={{ id: draft.customerId, name: draft.customerName }}
              onChange={chooseCustomer}
              keyShortcuts={SHORTCUTS.customer}
            />
            {!walkIn && (
              <button
                type="button"
                onClick={() => chooseCustomer({ id: info.defaultCustomerId, name: info.defaultCustomerName })}
              >
                Walk-in
              </button>
            )}
          </div>
          <TillBadge state={till.status === 'ok' ? (till.data ? 'open' : 'closed') : 'unknown'} />
        </header>
        <div className="search-row">
          <ItemSearch ref={searchRef} autoFocus onCode={handleCode} onPick={addProduct} />
        </div>
        <div className="strip-slot">
          {strip && (
            <div role={strip.tone === 'error' ? 'alert' : 'status'} className={`message ${strip.tone} strip`}>
              {strip.text}
              {strip.extra}
            </div>
          )}
        </div>
        <LineGrid
          lines={draft.lines}
          rates={rates.data}
          readOnly={false}
          onChange={updateLine}
          onRemove={removeLine}
          onOpenSerials={setCaptureKey}
          stock={stock}
          counter={counterGrid}
          windowFrom={COUNTER_WINDOW_FROM}
        />
      </div>

      <aside className="sell-side" aria-label="Sale">
        <SaleTotals totals={totals} discounts={discounts} lines={draft.lines} />
        <div className="sell-actions">
          <button
            type="button"
            className="primary pay"
            aria-keyshortcuts={SHORTCUTS.pay}
            disabled={!idle}
            onClick={() => void pay()}
          >
            Pay <kbd aria-hidden="true">{SHORTCUTS.pay}</kbd>
          </button>
          <button
            type="button"
            aria-keyshortcuts={SHORTCUTS.discount}
            disabled={!idle}
            onClick={() => void openDiscount()}
          >
            Discount <kbd aria-hidden="true">{SHORTCUTS.discount}</kbd>
          </button>
          <button type="button" aria-keyshortcuts={SHORTCUTS.hold} disabled={!idle} onClick={() => void hold()}>
            Hold <kbd aria-hidden="true">{SHORTCUTS.hold}</kbd>
          </button>
          <button type="button" aria-keyshortcuts={SHORTCUTS.recall} disabled={!idle} onClick={() => void openRecall()}>
            Recall <kbd aria-hidden="true">{SHORTCUTS.recall}</kbd>
          </button>
        </div>
      </aside>

      <footer className="shortcuts-bar">
        <h2 className="visually-hidden">Keyboard shortcuts</h2>
        <ul aria-label="Keyboard shortcuts">
          <li>
            <kbd>{SHORTCUTS.pay}</kbd> Pay
          </li>
          <li>
            <kbd>{SHORTCUTS.hold}</kbd> Hold
          </li>
          <li>
            <kbd>{SHORTCUTS.recall}</kbd> Recall
          </li>
          <li>
            <kbd>{SHORTCUTS.customer}</kbd> Customer
          </li>
          <li>
            <kbd>{SHORTCUTS.discount}</kbd> Discount
          </li>
          <li>
            <kbd>Enter</kbd> Add tender / complete
          </li>
          <li>
            <kbd>Esc</kbd> Close dialog
          </li>
        </ul>
      </footer>

      {captureLine && (
        <CaptureSerialsDialog
          line={captureLine}
          locationId={draft.locationId}
          locationName={locationName}
          invoiceId={draft.invoiceId}
          takenElsewhere={takenElsewhere}
          onCancel={() => setCaptureKey(null)}
          onConfirm={(serials) => {
            const key = captureLine.key;
            ok(`Captured ${serials.map((s) => s.serial).join(', ') || 'no serials'} for ${captureLine.label}.`, () => {
              store.getState().setSerials(key, serials);
              setCaptureKey(null);
              return key;
            });
          }}
        />
      )}
      {ambiguous && (
        <ProductPicker matches={ambiguous} onPick={(m) => captureMatch(m)} onCancel={() => setAmbiguous(null)} />
      )}
      {dialog === 'pay' && (
        <PaymentDialog
          dueMinor={totals.totalMinor}
          methods={methods.data ?? []}
          creditMinor={creditMinor}
          onComplete={complete}
          onClose={() => setDialog(null)}
          onRefused={() => sound && beep('refused')}
        />
      )}
      {dialog === 'discount' && (
        <DiscountDialog
          targets={discountTargets}
          initialKey={lastKey && draft.lines.some((l) => l.key === lastKey) ? lastKey : WHOLE_SALE}
          limitBp={settings.data?.discountLimitBp ?? null}
          onClose={() => setDialog(null)}
          onApply={(key, discount) => {
            setDiscounts((d) => {
              if (key === WHOLE_SALE) return { ...d, sale: discount };
              const { [key]: _old, ...rest } = d.lines;
              return { ...d, lines: discount ? { ...rest, [key]: discount } : rest };
            });
            setDialog(null);
            setStrip({ tone: 'ok', text: discount ? 'Discount applied.' : 'Discount removed.' });
          }}
        />
      )}
      {dialog === 'recall' && <RecallDialog onClose={() => setDialog(null)} onPick={(h) => void recall(h)} />}
      {done && <SaleDoneDialog result={done} email={email} onNewSale={(code) => onNewSale({ firstCode: code })} />}
    </section>
  );
}

function TillBadge({ state }: { state: 'open' | 'closed' | 'unknown' }) {
  const go = useNav((s) => s.go);
  if (state === 'unknown') return null;
  return state === 'open' ? (
    <span className="badge till-open">Till open</span>
  ) : (
    <button type="button" className="badge till-closed" onClick={() => go(TILL_SCREEN)}>
      Till closed: open it
    </button>
  );
}
