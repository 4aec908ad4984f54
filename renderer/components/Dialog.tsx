import { useEffect, useId, useRef, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Extra class for sizing. */
  className?: string;
}

/**
 * A modal dialog named by its title. Focus moves into it on open, Tab stays inside, Escape
 * closes, and focus returns to where it was when it closes.
 */
export function Dialog({ title, onClose, children, className }: DialogProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const node = ref.current;
    const first = node?.querySelector<HTMLElement>('[data-autofocus]') ?? focusables(node)[0];
    first?.focus();
    return () => opener?.focus?.();
  }, []);

  function onKeyDown(event: React.KeyboardEvent) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCloseRef.current();
    } else if (event.key === 'Tab') {
      const items = focusables(ref.current);
      const head = items[0];
      const tail = items.at(-1);
      if (!head || !tail) return;
      if (event.shiftKey && document.activeElement === head) {
        event.preventDefault();
        tail.focus();
      } else if (!event.shiftKey && document.activeElement === tail) {
        event.preventDefault();
        head.focus();
      }
    }
  }

  return (
    <div className="backdrop">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className={`dialog ${className ?? ''}`}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

interface ConfirmDialogProps {
  title: string;
  /** What confirming does, in the shop's words. */
  children: ReactNode;
  /** The confirming button's name ("Delete contact"). */
  confirm: string;
  onConfirm: () => void;
  onClose: () => void;
}

/** "Delete Dana?": what it does, Cancel, and the confirming button (marked dangerous). */
export function ConfirmDialog({ title, children, confirm, onConfirm, onClose }: ConfirmDialogProps) {
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{children}</p>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary danger" onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </Dialog>
  );
}

function focusables(node: HTMLElement | null): HTMLElement[] {
  if (!node) return [];
  return [
    ...node.querySelectorAll<HTMLElement>('input, button, select, textarea, [tabindex]:not([tabindex="-1"])'),
  ].filter((el) => !el.hasAttribute('disabled'));
}
