// Feedback on every scan at the counter: a short sound (WebAudio; one for an item added, another for a refusal) and
// the line that changed flashing and scrolled into view.
import { useCallback, useRef } from 'react';

export type Beep = 'ok' | 'refused';

let context: AudioContext | null = null;

/** A short tone: a high blip for an item added, a low double buzz for a refusal. Silent where there is no audio. */
export function beep(kind: Beep): void {
  const Ctor =
    typeof window === 'undefined'
      ? undefined
      : (window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext);
  if (!Ctor) return;
  try {
    context ??= new Ctor();
    const ctx = context;
    if (ctx.state === 'suspended') void ctx.resume();
    const tones =
      kind === 'ok'
        ? [{ at: 0, f: 1320, d: 0.07 }]
        : [
            { at: 0, f: 220, d: 0.12 },
            { at: 0.16, f: 180, d: 0.16 },
          ];
    for (const t of tones) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = kind === 'ok' ? 'sine' : 'square';
      osc.frequency.value = t.f;
      const start = ctx.currentTime + t.at;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.2, start + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + t.d);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + t.d + 0.02);
    }
  } catch {
    // No sound device: the screen still shows the outcome.
  }
}

/** How long a changed line is marked (the CSS animation of .flash runs this long). */
export const FLASH_MS = 700;

/**
 * Flashes the line with this key in the grid below `container` (lit for FLASH_MS) and, unless told not to (the grid
 * scrolls a line it appends into view itself), scrolls it into view; just before the next frame is drawn, so the frame
 * lays the page out once, with the new line, its scroll and its flash. A second scan of the same item while it is lit
 * keeps it lit for FLASH_MS more.
 */
export function useLineFlash(container: React.RefObject<HTMLElement | null>): (key: string, scroll?: boolean) => void {
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  return useCallback(
    (key: string, scroll = true) =>
      void requestAnimationFrame(() => {
        const row = container.current?.querySelector<HTMLElement>(`tr[data-key="${key}"]`);
        if (!row) return;
        row.classList.add('flash');
        if (scroll) row.scrollIntoView?.({ block: 'nearest' });
        clearTimeout(timers.current.get(key));
        timers.current.set(
          key,
          setTimeout(() => {
            row.classList.remove('flash');
            timers.current.delete(key);
          }, FLASH_MS),
        );
      }),
    [container],
  );
}
