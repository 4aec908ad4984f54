import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { clientForPage } from './api/client.ts';
import { connectScannerSource } from './scanner/router.ts';
import { RecoveryBoundary, reportWindowErrors, type RendererErrorReport } from './recovery/RecoveryBoundary.tsx';
import type { ScannerEvent } from '../core/scan/detector.ts';
import './styles.css';

declare global {
  interface Window {
    /** Set by the Electron preload: scans detected in the main process. */
    posScanner?: { onEvent(listener: (event: ScannerEvent) => void): () => void };
  }
}
connectScannerSource(window.posScanner);

const root = createRoot(document.getElementById('root')!);
const api = clientForPage();
// Uncaught errors go to the host's log; one that stops rendering shows the recovery screen (Reload keeps the draft).
const report = (error: RendererErrorReport) => void api?.reportRendererError(error).catch(() => {});
if (api) reportWindowErrors(report);
root.render(
  api ? (
    <RecoveryBoundary report={report}>
      <App api={api} />
    </RecoveryBoundary>
  ) : (
    <main className="no-token">
      <h1>Counter POS</h1>
      <p role="alert">
        This page needs the link printed by <code>npm run web</code> (it carries a one-time access token). Open that
        link.
      </p>
    </main>
  ),
);
