import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { RecordSelect } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { flushSync } from 'react-dom';
import { useStore } from 'zustand';
import type { AppInfo, Customer, Invoice, Location, Product, SerialMatch } from '../../core/model.ts';
import { formatRate } from '../../core/money.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';
import { CaptureSerialsDialog } from './CaptureSerialsDialog.tsx';
import {
  createDraftStore,
  draftTotals,
  headerFromInvoice,
  lineQty,
  linePrice,
  linesFromInvoice,
  linesMissingSerials,
  type DraftState,
  type DraftStore,
} from './draft.ts';
import { ItemSearch } from './ItemSearch.tsx';
import { LineGrid } from './LineGrid.tsx';
import { ProductPicker } from './ProductPicker.tsx';
import { serialRefusal } from './scan.ts';
import { classify } from '../../core/scan/classify.ts';
import { useScanTarget } from '../scanner/router.ts';

type Message = ScreenMessage;

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

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
        locationId: info.defaultLocationId,
        invoiceDate: today(),
        notes: '',
      },
      format,
    ),
  );
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(invoiceId === null);

  useEffect(() => {
    if (invoiceId === null) return;
    void api.getInvoice({ id: invoiceId }).then((outcome) => {
      if (!outcome.ok) return setLoadError(outcome.error.message);
      store.getState().load(headerFromInvoice(outcome.value), linesFromInvoice(outcome.value, format));
      setLoaded(true);
      return undefined;
    });
  }, [api, invoiceId, store, format]);

  if (loadError)
    return (
      <p role="alert" className="message error">
        {loadError}
      </p>
    );
  if (!loaded) return <p role="status">Loading invoice…</p>;
  return <Editor store={store} taxRateBp={info.taxRateBp} />;
}

function Editor({ store, taxRateBp }: { store: DraftStore; taxRateBp: number }) {
  const api = useApi();
  const draft = useStore(store);
  const money = useMoney();
  const setGuard = useNav((s) => s.setGuard);
  const locations = useApiQuery('listLocations', {});
  const customers = useApiQuery('listCustomers', {});
  const [message, setMessage] = useState<Message>(null);
  const [captureKey, setCaptureKey] = useState<string | null>(null);
  const [ambiguous, setAmbiguous] = useState<SerialMatch[] | null>(null);
  const [saving, setSaving] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

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

  // Stable callbacks, so the memoised grid rows do not re-render when another line changes.
  const updateLine = useCallback<DraftState['updateLine']>(
    (key, patch) => store.getState().updateLine(key, patch),
    [store],
  );
  const removeLine = useCallback((key: string) => store.getState().removeLine(key), [store]);
  const locationName = locations.data?.find((l) => l.id === draft.locationId)?.name ?? '';
  const totals = useMemo(
    () => draftTotals(draft.lines, taxRateBp, money.format),
    [draft.lines, taxRateBp, money.format],
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
    flushSync(() => {
      store.getState().addProduct(product);
      ok(`Added ${product.name}.`);
    });
  }

  /** A code from the item search (typed + Enter, or a scanner typing into it) or from the scanner. */
  async function handleCode(code: string) {
    const c = classify(code);
    switch (c.kind) {
      case 'serial':
        return handleSerial(c.serial);
      case 'gs1':
        if (!c.gtin) return error(`The GS1 code ${c.text} has no GTIN (AI 01), so it names no product.`);
        if (c.checkDigit === false)
          return error(`The GTIN ${c.gtin} in this GS1 code has a wrong check digit: scan it again.`);
        return c.serial ? handleSerial(c.serial, c.gtin) : addByCode(c.gtin);
      case 'gtin':
        return addByCode(c.gtin);
      case 'code':
        if (c.checkDigit === false) {
          const exact = await api.findProductByCode({ code: c.text });
          if (exact.ok && exact.value) return addProduct(exact.value);
          return error(`${c.text} looks like a GTIN but its check digit is wrong: scan it again or type it carefully.`);
        }
        return addByCode(c.text, true);
    }
  }

  async function addByCode(code: string, searchToo = false) {
    const found = await api.findProductByCode({ code });
    if (!found.ok) return error(found.error.message);
    if (found.value) return addProduct(found.value);
    if (searchToo) {
      const search = await api.searchProducts({ query: code, limit: 2 });
      if (search.ok && search.value.length === 1 && search.value[0]) return addProduct(search.value[0]);
      if (search.ok && search.value.length > 1)
        return error(`More than one product matches “${code}”: pick one from the list.`);
    }
    return error(`No product has the barcode or SKU “${code}”.`);
  }

  async function handleSerial(serial: string, gtin?: string) {
    if (!serial) return error('An SN: scan needs a serial after "SN:".');
    const found = await api.lookupSerial(gtin ? { serial, gtin } : { serial });
    if (!found.ok) return error(found.error.message);
    if (found.value.length === 0) {
      return error(
        gtin
          ? `Serial ${serial} of the product with GTIN ${gtin} was not found in stock records.`
          : `Serial ${serial} was not found in stock records.`,
      );
    }
    if (found.value.length > 1) return setAmbiguous(found.value);
    return captureMatch(found.value[0]!);
  }

  useScanTarget((scan) => void handleCode(scan.text));

  async function captureMatch(match: SerialMatch) {
    setAmbiguous(null);
    const { invoiceId, locationId, lines } = store.getState();
    const refusal = serialRefusal(match, { invoiceId, locationId, locationName, lines });
    if (refusal) return error(refusal);
    return flushSync(() => {
      store.getState().addScannedSerial(match.product, { id: match.serialId, serial: match.serial });
      ok(`Captured ${match.serial} for ${match.productName}.`);
    });
  }

  async function save() {
    const { lines } = store.getState();
    if (lines.length === 0) return error('Add at least one item before saving.');
    const badQty = lines.filter((l) => lineQty(l) === null);
    const badPrice = lines.filter((l) => linePrice(l, money.format) === null);
    if (badQty.length > 0 || badPrice.length > 0) {
      return error(
        `Not saved. Fix ${[
          ...badQty.map((l) => `the quantity of ${l.productName} (a whole number from 1)`),
          ...badPrice.map((l) => `the unit price of ${l.productName} (an amount like 19.99)`),
        ].join(', ')}.`,
      );
    }
    const missing = linesMissingSerials(lines);
    if (missing.length > 0) {
      return error(
        `Not saved. Capture serials for: ${missing.map((m) => `${m.productName} (${m.captured}/${m.qty})`).join(', ')}.`,
      );
    }
    const d = store.getState();
    setSaving(true);
    const outcome = await api.saveInvoice({
      ...(d.invoiceId !== null ? { id: d.invoiceId } : {}),
      ...(d.revision !== null ? { revision: d.revision } : {}),
      customerId: d.customerId,
      locationId: d.locationId,
      invoiceDate: d.invoiceDate,
      notes: d.notes,
      lines: d.lines.map((l) => ({
        ...(l.lineId !== null ? { id: l.lineId } : {}),
        productId: l.productId,
        description: l.description,
        qty: lineQty(l)!,
        unitPriceMinor: linePrice(l, money.format)!,
        taxable: l.taxable,
        serialIds: l.serials.map((s) => s.id),
      })),
    });
    setSaving(false);
    if (!outcome.ok) return error(outcome.error.message);
    const saved: Invoice = outcome.value;
    store.getState().load(headerFromInvoice(saved), linesFromInvoice(saved, money.format));
    return ok(`Saved ${saved.number}. Total ${money.text(saved.totalMinor)}.`);
  }

  return (
    <section className="editor" aria-label="Invoice editor">
      <header className="editor-head">
        <h1>
          {draft.number ? `Invoice ${draft.number}` : 'New invoice'}
          {draft.dirty && <span className="unsaved"> · unsaved changes</span>}
        </h1>
        <HeaderFields
          store={store}
          customerId={draft.customerId}
          locationId={draft.locationId}
          invoiceDate={draft.invoiceDate}
          customers={customers.data}
          locations={locations.data}
        />
      </header>

      <ItemSearch ref={searchRef} onCode={handleCode} onPick={addProduct} />
      <div className="message-slot">
        <Message message={message} />
      </div>

      <LineGrid lines={draft.lines} onChange={updateLine} onRemove={removeLine} onOpenSerials={setCaptureKey} />

      <div className="editor-foot">
        <label className="field notes">
          <span>Notes</span>
          <textarea
            rows={2}
            value={draft.notes}
            onChange={(e) => store.getState().setHeader({ notes: e.target.value })}
          />
        </label>
        <table className="totals" aria-label="Totals">
          <tbody>
            <tr>
              <th scope="row">Subtotal</th>
              <td>{money.text(totals.subtotalMinor)}</td>
            </tr>
            <tr>
              <th scope="row">Tax ({formatRate(taxRateBp)})</th>
              <td>{money.text(totals.taxMinor)}</td>
            </tr>
            <tr className="grand">
              <th scope="row">Total</th>
              <td>{money.total(totals.totalMinor)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <div className="editor-actions">
        <button type="button" className="primary big" onClick={() => void save()} disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>

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
    </section>
  );
}

/**
 * Customer, location and date. Memoised: a shop's customer list can be thousands of options, and a
 * scan that adds a line must not re-render them.
 */
const HeaderFields = memo(function HeaderFields({
  store,
  customerId,
  locationId,
  invoiceDate,
  customers,
  locations,
}: {
  store: DraftStore;
  customerId: number;
  locationId: number;
  invoiceDate: string;
  customers: Customer[] | undefined;
  locations: Location[] | undefined;
}) {
  return (
    <div className="head-fields">
      <RecordSelect
        label="Customer"
        value={customerId}
        rows={customers}
        onChange={(id) => store.getState().setHeader({ customerId: id })}
      />
      <RecordSelect
        label="Location"
        value={locationId}
        rows={locations}
        onChange={(id) => store.getState().setHeader({ locationId: id })}
      />
      <label className="field">
        <span>Date</span>
        <input
          type="date"
          value={invoiceDate}
          onChange={(e) => store.getState().setHeader({ invoiceDate: e.target.value })}
        />
      </label>
    </div>
  );
});
