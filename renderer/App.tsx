import { useEffect } from 'react';
import type { PosApi } from '../electron/contract.ts';
import { ApiProvider, useApiQuery } from './api/ApiProvider.tsx';
import { Dialog } from './components/Dialog.tsx';
import { InvoiceEditor } from './invoice/InvoiceEditor.tsx';
import { InvoicesScreen } from './invoice/InvoicesScreen.tsx';
import { ScannerScreen } from './scanner/ScannerScreen.tsx';
import { useNav } from './stores/nav.ts';

export function App({ api }: { api: PosApi }) {
  return (
    <ApiProvider api={api}>
      <Shell />
    </ApiProvider>
  );
}

function Shell() {
  const info = useApiQuery('appInfo', {});
  const { screen, pending, go, newInvoice, confirmLeave, cancelLeave, reset } = useNav();
  useEffect(() => reset(), [reset]);

  return (
    <div className="app">
      <nav className="topbar" aria-label="Main">
        <span className="brand">Counter POS</span>
        <button type="button" aria-current={screen.name === 'invoice' ? 'page' : undefined} onClick={newInvoice}>New invoice</button>
        <button type="button" aria-current={screen.name === 'invoices' ? 'page' : undefined} onClick={() => go({ name: 'invoices' })}>Invoices</button>
        <button type="button" aria-current={screen.name === 'scanner' ? 'page' : undefined} onClick={() => go({ name: 'scanner' })}>Scanner</button>
        {info.status === 'ok' && <span className="where" title={info.data.dataFile}>{info.data.mode === 'web' ? 'Browser mode' : ''}</span>}
      </nav>
      <main>
        {info.status === 'loading' && <p role="status">Opening the store…</p>}
        {info.status === 'error' && <p role="alert" className="message error">{info.error.message}</p>}
        {info.status === 'ok' && screen.name === 'invoice' && (
          <InvoiceEditor key={`${screen.invoiceId ?? 'new'}-${screen.nonce}`} info={info.data} invoiceId={screen.invoiceId} />
        )}
        {info.status === 'ok' && screen.name === 'invoices' && <InvoicesScreen />}
        {info.status === 'ok' && screen.name === 'scanner' && <ScannerScreen />}
      </main>
      {pending && (
        <Dialog title="Discard unsaved changes?" onClose={cancelLeave}>
          <p>This invoice has changes that are not saved. Leave it and lose them?</p>
          <div className="dialog-actions">
            <button type="button" data-autofocus onClick={cancelLeave}>Keep editing</button>
            <button type="button" className="danger" onClick={confirmLeave}>Discard changes</button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
