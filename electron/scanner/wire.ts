import type { Event as ElectronEvent, Input, WebContents } from 'electron';
import { classify } from '../../core/scan/classify.ts';
import {
  ScanDetector,
  type Abandoned,
  type Rollback,
  type Scan,
  type ScannerEvent,
  type ScannerSettings,
} from '../../core/scan/detector.ts';

export type { ScannerEvent };

type Contents = Pick<WebContents, 'on' | 'off' | 'send' | 'isDestroyed'>;

export interface ScannerWiring {
  /** Use new settings from the next key on. */
  update(settings: ScannerSettings): void;
  dispose(): void;
}

/**
 * Scanner input owned by the main process: every key of the window goes through the detector
 * before the page sees it, stamped with a monotonic time on arrival. Keys of a scan are
 * swallowed (preventDefault), so a scan leaves nothing in whatever field had focus.
 */
export function attachScanner(
  contents: Contents,
  settings: ScannerSettings,
  channel: string,
  now: () => number = () => performance.now(),
  timers: { set: typeof setTimeout; clear: typeof clearTimeout } = { set: setTimeout, clear: clearTimeout },
): ScannerWiring {
  const detector = new ScanDetector(settings);
  let timer: ReturnType<typeof setTimeout> | null = null;

  const deliver = (events: Array<Scan | Rollback | Abandoned>) => {
    if (contents.isDestroyed()) return;
    for (const e of events) {
      const payload: ScannerEvent = e.type === 'scan' ? { ...e, classified: classify(e.text) } : e;
      contents.send(channel, payload);
    }
  };

  const schedule = () => {
    if (timer) timers.clear(timer);
    timer = null;
    if (!detector.scanning) return;
    const { endTimeoutMs, pauseToleranceMs } = detector.settings;
    const wait = endTimeoutMs > 0 ? endTimeoutMs : Math.max(1000, pauseToleranceMs * 3) + 1;
    timer = timers.set(() => {
      timer = null;
      deliver(detector.tick(now()));
      schedule();
    }, wait);
  };

  const onInput = (event: ElectronEvent, input: Input) => {
    const result = detector.feed(input, now());
    if (result.swallow) event.preventDefault();
    deliver(result.out);
    schedule();
  };
  contents.on('before-input-event', onInput);

  return {
    update: (next) => {
      detector.settings = next;
      detector.reset();
    },
    dispose: () => {
      if (timer) timers.clear(timer);
      contents.off('before-input-event', onInput);
    },
  };
}
