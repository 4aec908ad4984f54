import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SCANNER_SETTINGS } from '../../core/scan/detector.ts';
import { attachScanner } from '../../electron/scanner/wire.ts';

// The main-process wiring with a fake WebContents: key events in, preventDefault and scan events out.
function setup(settings = DEFAULT_SCANNER_SETTINGS) {
  const contents = Object.assign(new EventEmitter(), { send: vi.fn(), isDestroyed: () => false });
  let clock = 0;
  const pending: Array<{ fn: () => void; at: number }> = [];
  const timers = {
    set: ((fn: () => void, ms: number) => {
      const t = { fn, at: clock + ms };
      pending.push(t);
      return t;
    }) as unknown as typeof setTimeout,
    clear: ((t: unknown) => {
      const i = pending.indexOf(t as never);
      if (i >= 0) pending.splice(i, 1);
    }) as typeof clearTimeout,
  };
  const wiring = attachScanner(contents as never, settings, 'pos:scanner-event', () => clock, timers);
  const press = (code: string, gap: number, extra: Record<string, unknown> = {}) => {
    clock += gap;
    const event = { preventDefault: vi.fn() };
    contents.emit('before-input-event', event, {
      type: 'keyDown',
      key: code,
      code,
      shift: false,
      control: false,
      alt: false,
      meta: false,
      isAutoRepeat: false,
      isComposing: false,
      ...extra,
    });
    return event.preventDefault.mock.calls.length > 0;
  };
  const advance = (ms: number) => {
    clock += ms;
    for (const t of [...pending].filter((p) => p.at <= clock)) {
      pending.splice(pending.indexOf(t), 1);
      t.fn();
    }
  };
  const sent = () => contents.send.mock.calls.map((c) => c[1] as Record<string, unknown>);
  return { contents, press, advance, sent, wiring };
}

const digits = (s: string) => [...s].map((d) => `Digit${d}`);

describe('scanner wiring in the main process', () => {
  it('swallows the keys of a scan (preventDefault) and sends it classified to the renderer', () => {
    const { press, sent } = setup();
    const swallowed = digits('4006381333931').map((code, i) => press(code, i === 0 ? 0 : 12));
    expect(press('Enter', 12)).toBe(true);
    expect(swallowed).toEqual([false, false, false, ...Array(10).fill(true)]);
    expect(sent()).toEqual([
      { type: 'rollback', text: '400', count: 3 },
      expect.objectContaining({
        type: 'scan',
        text: '4006381333931',
        classified: { kind: 'gtin', text: '4006381333931', gtin: '4006381333931' },
      }),
    ]);
  });

  it('lets human typing through with nothing sent', () => {
    const { press, sent } = setup();
    expect(['KeyH', 'KeyI', 'Enter'].map((c) => press(c, 150))).toEqual([false, false, false]);
    expect(sent()).toEqual([]);
  });

  it('ends a no-suffix scan on its timer, and takes new settings at once', () => {
    const { press, advance, sent, wiring } = setup({ ...DEFAULT_SCANNER_SETTINGS, endTimeoutMs: 100 });
    digits('12345678').forEach((code) => press(code, 10));
    advance(99);
    expect(sent().filter((e) => e.type === 'scan')).toEqual([]);
    advance(1);
    expect(sent().filter((e) => e.type === 'scan')).toEqual([
      expect.objectContaining({ text: '12345678', endedBy: 'timeout' }),
    ]);

    wiring.update({ ...DEFAULT_SCANNER_SETTINGS, prefixKey: 'F9' });
    expect(press('F9', 1000)).toBe(true);
    ['KeyA', 'KeyB'].forEach((code) => expect(press(code, 120)).toBe(true));
    press('Enter', 120);
    expect(sent().at(-1)).toMatchObject({ type: 'scan', text: 'ab' });
  });

  it('stops listening when disposed', () => {
    const { contents, wiring } = setup();
    wiring.dispose();
    expect(contents.listenerCount('before-input-event')).toBe(0);
  });
});
