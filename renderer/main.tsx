import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { clientForPage } from './api/client.ts';
import { connectScannerSource } from './scanner/router.ts';
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
root.render(
  api ? (
    <App api={api} />
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
