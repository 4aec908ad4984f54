// Counting by scanning, made for speed as the receiving console is: the scan box has the focus from the start, a
// keyboard-wedge scan lands here wherever the focus is (useScanTarget), scans are sent one after another in the order
// they came, and each is answered inline at once (a sound, the row lit, the product's running "x of y"). The quantity
// field counts products without serials (a barcode or SKU and 5 counts five; -2 corrects a miscount); it goes back to 1
// after each scan.
import { useEffect, useRef, useState } from 'react';
import type { StockCount } from '../../core/model.ts';
import { formatQtyMilli, parseQtyMilli, QTY_SCALE } from '../../core/money.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { useMoney, useTimes } from '../components/ShopFormat.tsx';
import { useScanTarget } from '../scanner/router.ts';
import { beep, FLASH_MS } from '../sell/feedback.ts';

type Answer = { tone: 'ok' | 'warning' | 'error'; text: string; running: string | null } | null;

export function CountScanConsole({ count }: { count: StockCount }) {
  const api = useApi();
  const { locale } = useMoney().format;
  const times = useTimes();
  const settings = useApiQuery('getCounterSettings', {});
  const sound = settings.data?.scanSound ?? true;
  const [code, setCode] = useState('');
  const [qty, setQty] = useState('1');
  const [answer, setAnswer] = useState<Answer>(null);
  const [lit, setLit] = useState<number | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const litTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const codeInput = useRef<HTMLInputElement>(null);

  // Ready for the first scan: a keyboard-wedge scanner types into the focused field.
  useEffect(() => codeInput.current?.focus(), []);
  useEffect(() => () => clearTimeout(litTimer.current), []);

  /** The quantity typed, in thousandths (a leading minus corrects), or null when it is no quantity. */
  function typedQty(): number | null {
    const text = qty.trim();
    const negative = text.startsWith('-');
    const value = parseQtyMilli(negative ? text.slice(1) : text, locale);
    if (value === null || value === 0) return null;
    return negative ? -value : value;
  }

  function refuse(text: string) {
    setAnswer({ tone: 'error', text, running: null });
    if (sound) beep('refused');
  }

  async function send(text: string, qtyMilli: number) {
    const outcome = await api.countScan({
      countId: count.id,
      code: text,
      ...(qtyMilli === QTY_SCALE ? {} : { qty: qtyMilli }),
    });
    if (!outcome.ok) return refuse(outcome.error.message);
    const r = outcome.value;
    const running = r.product
      ? `${r.product.productName}: ${formatQtyMilli(r.product.countedQty, locale)} of ${formatQtyMilli(r.product.expectedQty, locale)} counted`
      : null;
    setAnswer({ tone: r.tone, text: r.message, running });
    setQty('1');
    setLit(r.scan.id);
    clearTimeout(litTimer.current);
    litTimer.current = setTimeout(() => setLit(null), FLASH_MS);
    if (sound) beep('ok');
    return undefined;
  }

  /** Queues a scan behind the ones still being answered, so they count in the order they came. */
  function submit(text: string): boolean {
    if (!text.trim()) return false;
    const qtyMilli = typedQty();
    if (qtyMilli === null) {
      refuse(`${qty} is not a quantity: type a number such as 1, 12 or -2.`);
      return false;
    }
    queue.current = queue.current.then(() => send(text, qtyMilli));
    return true;
  }

  useScanTarget((scan) => void submit(scan.text));

  async function remove(scanId: number) {
    const outcome = await api.removeCountScan({ countId: count.id, scanId });
    setAnswer(
      outcome.ok
        ? { tone: 'ok', text: 'Scan removed.', running: null }
        : { tone: 'error', text: outcome.error.message, running: null },
    );
  }

  return (
    <section className="count-scans" aria-label="Count by scanning">
      <h2>Scan</h2>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (submit(code)) setCode('');
        }}
      >
        <label className="field">
          <span>Scan or type a code</span>
          <input
            ref={codeInput}
            value={code}
            autoComplete="off"
            spellCheck={false}
            placeholder="SN:…, a serial, or a product barcode / SKU"
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Quantity</span>
          <input inputMode="decimal" value={qty} size={6} onChange={(e) => setQty(e.target.value)} />
        </label>
        <button type="submit">Count</button>
      </form>
      {answer && (
        <div
          role={answer.tone === 'error' ? 'alert' : 'status'}
          className={`message ${answer.tone === 'error' ? 'error' : 'ok'} ${answer.tone}`}
        >
          <p>{answer.text}</p>
          {answer.running && <p aria-label="Running count">{answer.running}</p>}
        </div>
      )}
      <p className="counter" aria-label="Scans so far">
        {count.scanCount} scan{count.scanCount === 1 ? '' : 's'} · {count.totals.countedUnits} of{' '}
        {count.totals.expectedUnits} units expected
        {count.totals.notExpected > 0 && ` · +${count.totals.notExpected} not expected`}
      </p>
      <table className="list" aria-label="Scans">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Counted</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {count.scans.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                Nothing counted yet.
              </td>
            </tr>
          )}
          {count.scans.map((s) => {
            const what =
              s.kind === 'unknown'
                ? `${s.serial ?? ''} (unknown serial)`
                : s.kind === 'unit'
                  ? `${s.serial ?? ''} · ${s.productName ?? ''}`
                  : (s.productName ?? s.code);
            return (
              <tr key={s.id} data-key={s.id} className={lit === s.id ? 'flash' : undefined}>
                <td>{times.time(s.at)}</td>
                <td>{s.actor}</td>
                <td className="mono">{what}</td>
                <td className="num">{formatQtyMilli(s.qty, locale)}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-label={`Remove scan ${what}`}
                    onClick={() => void remove(s.id)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
