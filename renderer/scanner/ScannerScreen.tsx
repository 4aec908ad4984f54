import { useEffect, useRef, useState } from 'react';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { classify, GS, type Classified } from '../../core/scan/classify.ts';
import {
  DEFAULT_SCANNER_SETTINGS,
  ScanDetector,
  type ScannerEvent,
  type ScannerSettings,
} from '../../core/scan/detector.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { useTimes } from '../components/ShopFormat.tsx';
import { dispatchScannerEvent, onScannerEvent, useScanTarget } from './router.ts';

const SUFFIXES = ['Enter', 'NumpadEnter', 'Tab'] as const;

export function ScannerScreen() {
  const settings = useApiQuery('getScannerSettings', {});
  return (
    <section className="scanner-screen" aria-label="Scanner settings">
      <h1>Scanner settings</h1>
      {settings.status === 'loading' && <p role="status">Loading…</p>}
      <QueryError state={settings} />
      {settings.status === 'ok' && (
        <div className="scanner-columns">
          <SettingsForm initial={settings.data} />
          <ScanTest settings={settings.data} />
        </div>
      )}
    </section>
  );
}

type Draft = Record<'maxGapMs' | 'maxAvgGapMs' | 'minKeys' | 'pauseToleranceMs' | 'endTimeoutMs', string> & {
  suffixKeys: ScannerSettings['suffixKeys'];
  prefixKey: string;
};
const toDraft = (s: ScannerSettings): Draft => ({
  maxGapMs: String(s.maxGapMs),
  maxAvgGapMs: String(s.maxAvgGapMs),
  minKeys: String(s.minKeys),
  pauseToleranceMs: String(s.pauseToleranceMs),
  endTimeoutMs: String(s.endTimeoutMs),
  suffixKeys: s.suffixKeys,
  prefixKey: s.prefixKey ?? '',
});

const FIELDS: Array<{ key: keyof Omit<Draft, 'suffixKeys' | 'prefixKey'>; label: string; hint: string }> = [
  {
    key: 'maxGapMs',
    label: 'Largest gap between keys (ms)',
    hint: 'Scanners type 5–60 ms apart; people rarely under 80.',
  },
  { key: 'maxAvgGapMs', label: 'Largest average gap (ms)', hint: 'A scan averages at most this.' },
  { key: 'minKeys', label: 'Keys before a run counts as a scan', hint: 'Fewer fast keys are left to the field.' },
  {
    key: 'pauseToleranceMs',
    label: 'One pause allowed inside a scan (ms)',
    hint: 'Some scanners hesitate once mid-code.',
  },
  {
    key: 'endTimeoutMs',
    label: 'End a scan after silence (ms, 0 = off)',
    hint: 'For scanners that send no Enter or Tab.',
  },
];

function SettingsForm({ initial }: { initial: ScannerSettings }) {
  const api = useApi();
  const [draft, setDraft] = useState<Draft>(() => toDraft(initial));
  const [message, setMessage] = useState<ScreenMessage>(null);

  async function save(values: Draft) {
    const numbers = Object.fromEntries(
      FIELDS.map((f) => [f.key, Number(values[f.key].trim() === '' ? NaN : values[f.key])]),
    );
    const bad = FIELDS.find((f) => !Number.isInteger(numbers[f.key]));
    if (bad) return setMessage({ tone: 'error', text: `${bad.label}: enter a whole number.` });
    const outcome = await api.saveScannerSettings({
      ...(numbers as Pick<
        ScannerSettings,
        'maxGapMs' | 'maxAvgGapMs' | 'minKeys' | 'pauseToleranceMs' | 'endTimeoutMs'
      >),
      suffixKeys: values.suffixKeys,
      prefixKey: values.prefixKey.trim() || null,
    });
    if (!outcome.ok)
      return setMessage({
        tone: 'error',
        text: `Not saved. ${outcome.error.message.replace(/^Invalid input for saveScannerSettings: /, '')}`,
      });
    setDraft(toDraft(outcome.value));
    return setMessage({ tone: 'ok', text: 'Scanner settings saved.' });
  }

  return (
    <form
      className="settings-form"
      aria-label="Scanner timing"
      onSubmit={(e) => {
        e.preventDefault();
        void save(draft);
      }}
    >
      {FIELDS.map((f) => (
        <div key={f.key} className="field">
          <label htmlFor={`scanner-${f.key}`}>{f.label}</label>
          <input
            id={`scanner-${f.key}`}
            inputMode="numeric"
            aria-describedby={`scanner-${f.key}-hint`}
            value={draft[f.key]}
            onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
          />
          <small id={`scanner-${f.key}-hint`}>{f.hint}</small>
        </div>
      ))}
      <label className="field">
        <span>Prefix key (key code, e.g. F9; empty = none)</span>
        <input value={draft.prefixKey} onChange={(e) => setDraft({ ...draft, prefixKey: e.target.value })} />
      </label>
      <fieldset>
        <legend>Suffix keys that end a scan</legend>
        {SUFFIXES.map((k) => (
          <label key={k} className="check">
            <input
              type="checkbox"
              checked={draft.suffixKeys.includes(k)}
              onChange={(e) =>
                setDraft({
                  ...draft,
                  suffixKeys: e.target.checked ? [...draft.suffixKeys, k] : draft.suffixKeys.filter((x) => x !== k),
                })
              }
            />
            {k}
          </label>
        ))}
      </fieldset>
      <Message message={message} />
      <div className="dialog-actions">
        <button type="button" onClick={() => void save(toDraft(DEFAULT_SCANNER_SETTINGS))}>
          Restore defaults
        </button>
        <button type="submit" className="primary">
          Save settings
        </button>
      </div>
    </form>
  );
}

interface Received {
  id: number;
  event: ScannerEvent;
  at: Date;
}

const describe = (c: Classified): string => {
  switch (c.kind) {
    case 'serial':
      return `SN: serial ${c.serial}`;
    case 'gs1':
      return `GS1 ${Object.entries(c.ais)
        .map(([k, v]) => `(${k}) ${v.replaceAll(GS, '␝')}`)
        .join(' ')}${c.checkDigit === false ? ' — bad GTIN check digit' : ''}`;
    case 'gtin':
      return `GTIN ${c.gtin}`;
    case 'code':
      return c.checkDigit === false ? 'looks like a GTIN, bad check digit' : 'plain code (item search)';
  }
};

/**
 * The last scans as received: decoded text, timing and classification, so a shop can set up a
 * scanner. In the desktop app the main process detects scans anywhere; in browser mode, the test
 * area runs the same detector on the page's key events.
 */
function ScanTest({ settings }: { settings: ScannerSettings }) {
  const [received, setReceived] = useState<Received[]>([]);
  const times = useTimes();
  const nextId = useRef(1);
  const detector = useRef(new ScanDetector(settings));
  detector.current.settings = settings;
  const [area, setArea] = useState('');

  useEffect(
    () =>
      onScannerEvent((event) => {
        if (event.type === 'rollback') return;
        setReceived((list) => [{ id: nextId.current++, event, at: new Date() }, ...list].slice(0, 10));
      }),
    [],
  );
  useScanTarget(() => {}); // while this screen is open, scans are shown here, not sent elsewhere

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    const now = performance.now();
    const result = detector.current.feed(
      {
        type: 'keyDown',
        key: e.key,
        code: e.code,
        shift: e.shiftKey,
        control: e.ctrlKey,
        alt: e.altKey,
        meta: e.metaKey,
        isAutoRepeat: e.repeat,
        isComposing: e.nativeEvent.isComposing,
      },
      now,
    );
    if (result.swallow) e.preventDefault();
    for (const out of result.out)
      dispatchScannerEvent(out.type === 'scan' ? { ...out, classified: classify(out.text) } : out);
  }

  return (
    <section className="scan-test" aria-label="Scan test">
      <h2>Scan test</h2>
      <label className="field">
        <span>Test area: click here and scan</span>
        <input
          value={area}
          onChange={(e) => setArea(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder="Scans are detected, not typed here"
        />
      </label>
      {received.length === 0 && <p className="empty">No scans yet. Scan a barcode to see what arrives.</p>}
      <ol className="scan-log" aria-label="Last scans">
        {received.map(({ id, event, at }) => (
          <li key={id}>
            {event.type === 'scan' ? (
              <>
                <code className="scan-text">{event.text.replaceAll(GS, '␝')}</code>
                <span className="scan-kind">{describe(event.classified)}</span>
                <span className="scan-timing">
                  {times.time(at)} · {event.keys} keys in {event.durationMs} ms (avg {event.avgGapMs} ms) · ended by{' '}
                  {event.endedBy}
                  {event.aim ? ` · AIM ${event.aim}` : ''}
                </span>
              </>
            ) : event.type === 'abandoned' ? (
              <>
                <code className="scan-text">{event.raw}</code>
                <span className="scan-kind">not a scan: {event.reason} (typed back)</span>
                <span className="scan-timing">{times.time(at)}</span>
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
