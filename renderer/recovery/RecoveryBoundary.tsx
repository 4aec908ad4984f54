// The recovery screen: an error thrown while the app renders shows "Something went wrong", what went wrong and a
// Reload button instead of a blank window. The unsaved draft (Sell's cart, the invoice being edited) is written to
// sessionStorage first (draftRescue.ts) and comes back after Reload. Every error is sent to the host's log: the
// reportRendererError call (window.pos in Electron's preload, the socket in browser mode), so it works on both.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import type { InputOf } from '../../core/contract.ts';
import { rescueDrafts } from './draftRescue.ts';

export type RendererErrorReport = InputOf<'reportRendererError'>;
type Report = (report: RendererErrorReport) => void;

const asError = (value: unknown): Error => (value instanceof Error ? value : new Error(String(value)));

interface Props {
  children: ReactNode;
  /** Sends the error to the host's log. */
  report?: Report;
  /** Default: reload the page (tests render the app anew instead). */
  onReload?: () => void;
}

interface State {
  error: Error | null;
  /** How many unsaved drafts were kept for after the reload. */
  kept: number;
}

export class RecoveryBoundary extends Component<Props, State> {
  override state: State = { error: null, kept: 0 };

  static getDerivedStateFromError(error: unknown): State {
    // Before React unmounts the screens: their draft stores are still registered.
    return { error: asError(error), kept: rescueDrafts() };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    const e = asError(error);
    this.props.report?.({
      message: e.message.slice(0, 2000),
      stack: (e.stack ?? '').slice(0, 20_000),
      componentStack: (info.componentStack ?? '').slice(0, 20_000),
      where: 'render',
    });
  }

  override render(): ReactNode {
    const { error, kept } = this.state;
    if (!error) return this.props.children;
    const reload = this.props.onReload ?? (() => window.location.reload());
    return (
      <main className="recovery">
        <section role="alert" aria-labelledby="recovery-head" className="recovery-panel">
          <h1 id="recovery-head">Something went wrong</h1>
          <p>Counter POS stopped this screen because of an error:</p>
          <p className="message error">{error.message || 'An unknown error.'}</p>
          <p>
            {kept > 0
              ? 'Your unsaved work is kept: Reload opens the app again with it.'
              : 'Reload opens the app again. Everything saved is safe in the store.'}{' '}
            The error was written to the log (Help → Diagnostics).
          </p>
          <button type="button" className="primary" onClick={reload} autoFocus>
            Reload
          </button>
        </section>
      </main>
    );
  }
}

/**
 * Errors outside rendering (an event handler, a promise nobody awaited) do not stop the app, but they are logged.
 * Returns a function that stops listening.
 */
export function reportWindowErrors(report: Report): () => void {
  const send = (value: unknown, where: string) => {
    const e = asError(value);
    report({ message: e.message.slice(0, 2000), stack: (e.stack ?? '').slice(0, 20_000), componentStack: '', where });
  };
  const onError = (event: ErrorEvent) => send(event.error ?? event.message, 'window');
  const onRejection = (event: PromiseRejectionEvent) => send(event.reason, 'promise');
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return () => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  };
}
