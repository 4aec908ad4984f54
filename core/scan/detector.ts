// A pure, deterministic keyboard-wedge scan detector. Fed each key event with a monotonic time
// taken on arrival (Electron's Input has no timestamp); no timers inside: the owner calls tick(now)
// for end-of-scan timeouts. It tells scanner bursts from human typing and says, per key, whether
// to let it through or swallow it.
import { decodeKey, isModifierCode, isNumpadDigit } from './keymap.ts';
import { GS, stripAim, type Classified } from './classify.ts';

export interface KeyInput {
  /** "keyDown" or "keyUp" (Electron also sends "rawKeyDown" and "char"). */
  type: string;
  key: string;
  code: string;
  shift?: boolean;
  control?: boolean;
  alt?: boolean;
  meta?: boolean;
  isAutoRepeat?: boolean;
  isComposing?: boolean;
}

export interface ScannerSettings {
  /** Largest gap between two keys of a scan, ms. */
  maxGapMs: number;
  /** Largest average gap of a scan, ms. */
  maxAvgGapMs: number;
  /** Keys in a fast run before it is taken for a scan (and swallowed from then on). */
  minKeys: number;
  /** One longer pause a confirmed scan may contain, ms. */
  pauseToleranceMs: number;
  /** Keys that end a scan (swallowed). */
  suffixKeys: Array<'Enter' | 'NumpadEnter' | 'Tab'>;
  /** A key code the scanner sends first (e.g. "F9"): starts scan mode at once, for slow Bluetooth scanners. */
  prefixKey: string | null;
  /** For scanners with no suffix: a scan ends after this much silence, ms. 0 = off. */
  endTimeoutMs: number;
}

export const DEFAULT_SCANNER_SETTINGS: ScannerSettings = {
  maxGapMs: 50,
  maxAvgGapMs: 30,
  minKeys: 4,
  pauseToleranceMs: 300,
  suffixKeys: ['Enter', 'NumpadEnter', 'Tab'],
  prefixKey: null,
  endTimeoutMs: 0,
};

export interface Scan {
  type: 'scan';
  /** Decoded text without prefix, suffix or AIM identifier. */
  text: string;
  /** As received (AIM identifier included). */
  raw: string;
  aim: string | null;
  keys: number;
  durationMs: number;
  avgGapMs: number;
  endedBy: 'Enter' | 'NumpadEnter' | 'Tab' | 'timeout';
}

/** Characters of a scan that reached the focused field before the run was recognised: take them back out. */
export interface Rollback {
  type: 'rollback';
  text: string;
  count: number;
}
/**
 * A run taken for a scan that then stopped without its suffix: most likely fast typing. Its
 * characters were swallowed (and the leaked ones rolled back), so the owner types `raw` back
 * into the focused field: typing is never lost.
 */
export interface Abandoned {
  type: 'abandoned';
  raw: string;
  reason: string;
}

export type DetectorOutput = Scan | Rollback | Abandoned;

/** What the renderer receives from the main process for each detector output. */
export type ScannerEvent = (Scan & { classified: Classified }) | Rollback | Abandoned;
export interface FeedResult {
  swallow: boolean;
  out: DetectorOutput[];
}

type State =
  | { mode: 'idle' }
  | { mode: 'candidate'; chars: string; times: number[] }
  | { mode: 'scan'; chars: string; times: number[]; paused: boolean; prefixed: boolean };

const PASS: FeedResult = { swallow: false, out: [] };

export class ScanDetector {
  private state: State = { mode: 'idle' };
  private altCode: string | null = null;
  settings: ScannerSettings;

  constructor(settings: ScannerSettings = DEFAULT_SCANNER_SETTINGS) {
    this.settings = settings;
  }

  get scanning(): boolean {
    return this.state.mode === 'scan';
  }

  feed(input: KeyInput, now: number): FeedResult {
    const expired = this.tick(now);
    const result = this.handle(input, now);
    return { swallow: result.swallow, out: [...expired, ...result.out] };
  }

  /** Ends what time has ended: a no-suffix scan after endTimeoutMs, a stale candidate, a stuck scan. */
  tick(now: number): DetectorOutput[] {
    const s = this.state;
    if (s.mode === 'idle') return [];
    const last = s.times.at(-1) ?? now;
    const silent = now - last;
    if (s.mode === 'candidate') {
      if (silent > this.settings.maxGapMs) this.state = { mode: 'idle' };
      return [];
    }
    if (this.settings.endTimeoutMs > 0 && silent >= this.settings.endTimeoutMs) return [this.finish(now, 'timeout')];
    const limit = s.prefixed ? Math.max(1000, this.settings.pauseToleranceMs * 3) : this.settings.pauseToleranceMs;
    if (silent > limit) {
      this.state = { mode: 'idle' };
      return [{ type: 'abandoned', raw: s.chars, reason: `no suffix key within ${limit} ms` }];
    }
    return [];
  }

  reset(): void {
    this.state = { mode: 'idle' };
    this.altCode = null;
  }

  private handle(input: KeyInput, now: number): FeedResult {
    const s = this.state;
    const scanning = s.mode === 'scan';

    if (input.type === 'keyUp') {
      // Alt released after Alt+Numpad 0,2,9: the scanner's GS.
      if (/^Alt/.test(input.code) && this.altCode !== null) {
        const code = this.altCode;
        this.altCode = null;
        if (Number(code) === 29 && scanning) return this.append(GS, now);
      }
      return { swallow: false, out: [] }; // a swallowed keyDown already suppresses its keyUp
    }
    if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return { swallow: scanning, out: [] };

    if (input.isComposing || input.key === 'Process' || input.key === 'Dead') return this.human();
    if (isModifierCode(input.code)) return { swallow: false, out: [] };

    if (this.settings.prefixKey && input.code === this.settings.prefixKey && !input.control && !input.meta) {
      this.state = { mode: 'scan', chars: '', times: [now], paused: false, prefixed: true };
      return { swallow: true, out: [] };
    }

    if (input.alt && !input.control && isNumpadDigit(input.code)) {
      this.altCode = (this.altCode ?? '') + input.code.slice(-1);
      return { swallow: scanning, out: [] };
    }
    if (input.control && !input.alt && !input.meta && input.code === 'BracketRight') {
      return scanning ? this.append(GS, now) : this.human();
    }
    if (input.control || input.meta || input.alt) return this.human(); // shortcuts are people

    const suffix = this.settings.suffixKeys.find(
      (k) => k === input.code || (k === 'Enter' && input.code === '' && input.key === 'Enter'),
    );
    if (suffix) {
      if (s.mode === 'scan' && s.chars.length > 0) return { swallow: true, out: [this.finish(now, suffix)] };
      this.state = { mode: 'idle' };
      return PASS;
    }

    const char = decodeKey(input.code, Boolean(input.shift));
    if (char === null) return this.human(); // arrows, Backspace, F-keys…
    if (input.isAutoRepeat) return this.human();
    return this.append(char, now);
  }

  private append(char: string, now: number): FeedResult {
    const s = this.state;
    const { maxGapMs, maxAvgGapMs, minKeys, pauseToleranceMs } = this.settings;
    if (s.mode === 'scan') {
      const gap = now - (s.times.at(-1) ?? now);
      if (!s.prefixed && gap > maxGapMs) {
        if (gap > pauseToleranceMs || s.paused) {
          // Too slow for the scan it was: report it, and start over with this key as a person's.
          this.state = { mode: 'candidate', chars: char, times: [now] };
          return {
            swallow: false,
            out: [{ type: 'abandoned', raw: s.chars, reason: `a ${Math.round(gap)} ms pause` }],
          };
        }
        s.paused = true;
      }
      s.chars += char;
      s.times.push(now);
      return { swallow: true, out: [] };
    }
    if (s.mode === 'candidate' && now - (s.times.at(-1) ?? now) <= maxGapMs) {
      s.chars += char;
      s.times.push(now);
      if (s.chars.length >= minKeys && averageGap(s.times) <= maxAvgGapMs) {
        // Confirmed: this key is swallowed; the ones before it already reached the field.
        const leaked = s.chars.slice(0, -1);
        this.state = { mode: 'scan', chars: s.chars, times: s.times, paused: false, prefixed: false };
        return { swallow: true, out: leaked ? [{ type: 'rollback', text: leaked, count: leaked.length }] : [] };
      }
      return { swallow: false, out: [] };
    }
    this.state = { mode: 'candidate', chars: char, times: [now] };
    return { swallow: false, out: [] };
  }

  private human(): FeedResult {
    const s = this.state;
    this.state = { mode: 'idle' };
    this.altCode = null;
    if (s.mode === 'scan')
      return { swallow: false, out: [{ type: 'abandoned', raw: s.chars, reason: 'interrupted by a non-scanner key' }] };
    return PASS;
  }

  private finish(now: number, endedBy: Scan['endedBy']): Scan {
    const s = this.state as Extract<State, { mode: 'scan' }>;
    this.state = { mode: 'idle' };
    const { text, aim } = stripAim(s.chars);
    const first = s.times[0] ?? now;
    const last = s.times.at(-1) ?? now;
    return {
      type: 'scan',
      text,
      raw: s.chars,
      aim,
      keys: s.chars.length,
      durationMs: Math.round((last - first) * 10) / 10,
      avgGapMs: Math.round(averageGap(s.times) * 10) / 10,
      endedBy,
    };
  }
}

function averageGap(times: number[]): number {
  if (times.length < 2) return 0;
  return (times.at(-1)! - times[0]!) / (times.length - 1);
}
