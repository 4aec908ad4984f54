// What the transfer and goods issue screens share around their draft: the draft (with a ref the leave guard reads at
// once), the screen's message, the busy flag around a command, and opening a new document as itself once it is saved,
// carrying what was said to the screen mounted for it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScreenMessage } from '../components/Message.tsx';
import { useNav } from '../stores/nav.ts';

type DocumentScreen = 'transfer' | 'goodsIssue';

/**
 * What a new document's screen says once it is saved: the screen then opens the saved document (mounted anew, by its
 * id), which shows this message first. So a refused Send or Post leaves the saved draft on screen, and the next try
 * uses it rather than saving another.
 */
const carried = new Map<DocumentScreen, ScreenMessage>();

export function useDocumentDraft<D extends { dirty: boolean }>(screen: DocumentScreen, id: number | null, empty: D) {
  const go = useNav((s) => s.go);
  const setGuard = useNav((s) => s.setGuard);
  const [draft, setDraftState] = useState<D>(empty);
  const draftRef = useRef(draft);
  const setDraft = useCallback((next: D) => {
    draftRef.current = next; // read by the leave guard at once (a save then goes to the saved document)
    setDraftState(next);
  }, []);
  const [message, setMessage] = useState<ScreenMessage>(() => {
    const first = carried.get(screen) ?? null;
    carried.delete(screen);
    return first;
  });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setGuard(() => draftRef.current.dirty);
    return () => setGuard(null);
  }, [setGuard]);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  }

  /** A new document, once saved, opens as itself; what was said goes with it. */
  function openSaved(savedId: number, said: ScreenMessage) {
    if (id !== null) return setMessage(said);
    carried.set(screen, said);
    return go({ name: screen, id: savedId });
  }

  return { draft, draftRef, setDraft, message, setMessage, busy, run, openSaved };
}
