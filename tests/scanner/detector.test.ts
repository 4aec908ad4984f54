import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCANNER_SETTINGS,
  ScanDetector,
  type DetectorOutput,
  type KeyInput,
  type ScannerSettings,
} from '../../core/scan/detector.ts';

// Key events as Electron's before-input-event gives them, for a US scanner sending text.
const US: Record<string, [string, boolean]> = {};
for (const c of 'abcdefghijklmnopqrstuvwxyz') {
  US[c] = [`Key${c.toUpperCase()}`, false];
  US[c.toUpperCase()] = [`Key${c.toUpperCase()}`, true];
}
for (const d of '0123456789') US[d] = [`Digit${d}`, false];
Object.assign(US, {
  '-': ['Minus', false],
  ':': ['Semicolon', true],
  '/': ['Slash', false],
  '.': ['Period', false],
  ']': ['BracketRight', false],
  ' ': ['Space', false],
});

const key = (code: string, extra: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key: code, code, ...extra });
function keysFor(text: string): KeyInput[] {
  return [...text].map((c) => {
    const entry = US[c];
    if (!entry) throw new Error(`no key for ${c}`);
    return key(entry[0], { key: c, shift: entry[1] });
  });
}

interface Run {
  swallowed: boolean[];
  out: DetectorOutput[];
  detector: ScanDetector;
  t: number;
}
/** Feeds keys with a fixed gap (or a gap per key), then the suffix. */
function run(keys: KeyInput[], gaps: number | number[], settings: Partial<ScannerSettings> = {}, start = 1000): Run {
  const detector = new ScanDetector({ ...DEFAULT_SCANNER_SETTINGS, ...settings });
  const swallowed: boolean[] = [];
  const out: DetectorOutput[] = [];
  let t = start;
  keys.forEach((k, i) => {
    if (i > 0) t += Array.isArray(gaps) ? (gaps[i - 1] ?? 0) : gaps;
    const r = detector.feed(k, t);
    swallowed.push(r.swallow);
    out.push(...r.out);
  });
  return { swallowed, out, detector, t };
}
const scans = (r: Run) => r.out.filter((o) => o.type === 'scan');
const ENTER = key('Enter', { key: 'Enter' });

describe('ScanDetector', () => {
  it('takes a fast run ended by Enter for a scan, swallows it from confirmation on, and takes the leaked keys back', () => {
    const r = run([...keysFor('5901234123457'), ENTER], 15);
    expect(scans(r)).toEqual([
      expect.objectContaining({
        type: 'scan',
        text: '5901234123457',
        keys: 13,
        endedBy: 'Enter',
        avgGapMs: 15,
        durationMs: 180,
      }),
    ]);
    expect(r.swallowed).toEqual([false, false, false, ...Array(11).fill(true)]);
    expect(r.out[0]).toEqual({ type: 'rollback', text: '590', count: 3 });
  });

  it('keeps ":" "-" "/" and case, decoding from the physical key: SN:DL5440-0001', () => {
    const r = run([...keysFor('SN:DL5440-0001'), ENTER], 10);
    expect(scans(r)[0]).toMatchObject({ text: 'SN:DL5440-0001' });
  });

  it('decodes by physical key, so a French layout does not change the scan', () => {
    // On AZERTY, the keys of "004HQ3" report key "à", "à", "'", "h", "a", "\"".
    const french: KeyInput[] = [
      key('Digit0', { key: 'à' }),
      key('Digit0', { key: 'à' }),
      key('Digit4', { key: "'" }),
      key('KeyH', { key: 'H', shift: true }),
      key('KeyQ', { key: 'A', shift: true }),
      key('Digit3', { key: '"' }),
    ];
    expect(scans(run([...french, ENTER], 12))[0]).toMatchObject({ text: '004HQ3' });
  });

  it('ignores CapsLock for the case: only Shift makes capitals', () => {
    const caps = [
      key('KeyA', { key: 'A' }),
      key('KeyB', { key: 'B' }),
      key('KeyC', { key: 'C', shift: true }),
      key('Digit1', { key: '1' }),
    ];
    expect(scans(run([...caps, ENTER], 10))[0]).toMatchObject({ text: 'abC1' });
  });

  it('passes human typing untouched, Enter included', () => {
    const r = run([...keysFor('LAT-5440'), ENTER], 140);
    expect(scans(r)).toEqual([]);
    expect(r.swallowed.every((s) => !s)).toBe(true);
    expect(r.out).toEqual([]);
  });

  it('passes a short fast burst followed by Enter (three keys are not a scan)', () => {
    const r = run([...keysFor('abc'), ENTER], 20);
    expect(scans(r)).toEqual([]);
    expect(r.swallowed.every((s) => !s)).toBe(true);
  });

  it('passes Enter after slow keys even when the last gaps were fast', () => {
    const r = run([...keysFor('hello'), ENTER], [200, 200, 200, 20, 20]);
    expect(scans(r)).toEqual([]);
  });

  it('never takes autorepeat or IME composition for a scan', () => {
    const repeat = Array.from({ length: 8 }, () => key('KeyA', { key: 'a', isAutoRepeat: true }));
    const a = run([...repeat, ENTER], 10);
    expect(scans(a)).toEqual([]);
    expect(a.swallowed.every((s) => !s)).toBe(true);
    const ime = Array.from({ length: 8 }, () => key('KeyN', { key: 'Process', isComposing: true }));
    expect(scans(run([...ime, ENTER], 5))).toEqual([]);
  });

  it('lets Ctrl/Meta shortcuts through and does not count them', () => {
    const r = run([key('KeyC', { control: true }), key('KeyV', { meta: true }), ...keysFor('ab'), ENTER], 5);
    expect(r.swallowed.every((s) => !s)).toBe(true);
    expect(scans(r)).toEqual([]);
  });

  it('accepts Tab and NumpadEnter as suffixes, swallowing them', () => {
    const tab = run([...keysFor('ABCDEF'), key('Tab', { key: 'Tab' })], 10);
    expect(scans(tab)[0]).toMatchObject({ text: 'ABCDEF', endedBy: 'Tab' });
    expect(tab.swallowed.at(-1)).toBe(true);
    expect(scans(run([...keysFor('ABCDEF'), key('NumpadEnter', { key: 'Enter' })], 10))[0]).toMatchObject({
      endedBy: 'NumpadEnter',
    });
  });

  it('turns Ctrl+] and Alt+Numpad 0,2,9 into GS', () => {
    const ctrl = run(
      [...keysFor('0112312312312333'), key('BracketRight', { key: ']', control: true }), ...keysFor('10ABC'), ENTER],
      8,
    );
    expect(scans(ctrl)[0]!).toMatchObject({ text: '0112312312312333\u001d10ABC' });
    const altKeys: KeyInput[] = [
      key('AltLeft', { key: 'Alt', alt: true }),
      key('Numpad0', { alt: true }),
      key('Numpad2', { alt: true }),
      key('Numpad9', { alt: true }),
      { type: 'keyUp', key: 'Alt', code: 'AltLeft' },
    ];
    const alt = run([...keysFor('0112312312312333'), ...altKeys, ...keysFor('21XYZ'), ENTER], 6);
    expect(scans(alt)[0]!).toMatchObject({ text: '0112312312312333\u001d21XYZ' });
  });

  it('strips an AIM symbology identifier from the text and reports it', () => {
    const r = run([...keysFor(']C1'), ...keysFor('0112312312312333'), ENTER], 8);
    expect(scans(r)[0]).toMatchObject({ text: '0112312312312333', raw: ']C10112312312312333', aim: ']C1' });
  });

  it('tolerates one longer pause inside a scan, not two', () => {
    const gaps = [10, 10, 10, 10, 200, 10, 10, 10];
    expect(scans(run([...keysFor('ABCDEFGHI'), ENTER], gaps))[0]).toMatchObject({ text: 'ABCDEFGHI' });
    const twice = run([...keysFor('ABCDEFGHI'), ENTER], [10, 10, 10, 10, 200, 10, 200, 10]);
    expect(scans(twice)).toEqual([]);
    expect(twice.out).toContainEqual(expect.objectContaining({ type: 'abandoned', raw: 'ABCDEFG' }));
  });

  it('reports a stalled run as abandoned, with the text to type back', () => {
    const r = run([...keysFor('fast'), ...keysFor('x')], [8, 8, 8, 900]);
    expect(r.out).toEqual([
      { type: 'rollback', text: 'fas', count: 3 },
      { type: 'abandoned', raw: 'fast', reason: 'no suffix key within 300 ms' },
    ]);
    expect(r.swallowed.at(-1)).toBe(false); // the next key is a person's again
  });

  it('starts scan mode at once on a configured prefix key, for slow Bluetooth scanners', () => {
    const r = run([key('F9'), ...keysFor('SN:ABC123'), ENTER], 90, { prefixKey: 'F9' });
    expect(scans(r)[0]).toMatchObject({ text: 'SN:ABC123' });
    expect(r.swallowed.every((s) => s)).toBe(true);
    expect(r.out.some((o) => o.type === 'rollback')).toBe(false);
  });

  it('ends a no-suffix scan after the configured silence, through tick(now)', () => {
    const r = run(keysFor('4006381333931'), 10, { endTimeoutMs: 80 });
    expect(scans(r)).toEqual([]);
    expect(r.detector.tick(r.t + 50)).toEqual([]);
    expect(r.detector.tick(r.t + 80)).toEqual([
      expect.objectContaining({ type: 'scan', text: '4006381333931', endedBy: 'timeout' }),
    ]);
  });

  it('is deterministic: the same trace gives the same output', () => {
    const trace = [...keysFor('SN:DL5440-0002'), ENTER];
    expect(run(trace, 12).out).toEqual(run(trace, 12).out);
  });

  it('handles a second scan right after the first', () => {
    const r = run([...keysFor('AAAA1111'), ENTER, ...keysFor('BBBB2222'), ENTER], 10);
    expect(scans(r).map((s) => (s as { text: string }).text)).toEqual(['AAAA1111', 'BBBB2222']);
  });
});
