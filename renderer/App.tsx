import { useEffect } from 'react';
import type { PosApi } from '../core/contract.ts';
import { ApiProvider, useApiQuery } from './api/ApiProvider.tsx';
import { Dialog } from './components/Dialog.tsx';
import { InvoiceEditor } from './invoice/InvoiceEditor.tsx';
import { InvoicesScreen } from './invoice/InvoicesScreen.tsx';
import { ScannerScreen } from './scanner/ScannerScreen.tsx';
import { ProductsScreen } from './catalog/ProductsScreen.tsx';
import { RecordsScreen } from './catalog/RecordsScreen.tsx';
import { ImportScreen } from './imports/ImportScreen.tsx';
import { PurchaseOrderScreen } from './purchasing/PurchaseOrderScreen.tsx';
import { PurchaseOrdersScreen } from './purchasing/PurchaseOrdersScreen.tsx';
import { ReceiptScreen } from './serials/ReceiptScreen.tsx';
import { SerialHistoryScreen } from './serials/SerialHistoryScreen.tsx';
import { SerialsScreen } from './serials/SerialsScreen.tsx';
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
        <NavButton label="Purchase orders" here={screen.name === 'purchaseOrders' || screen.name === 'purchaseOrder'} onClick={() => go({ name: 'purchaseOrders' })} />
        <NavButton label="Serial Numbers" here={screen.name === 'serials' || screen.name === 'serial'} onClick={() => go({ name: 'serials' })} />
        <NavButton label="Products" here={screen.name === 'products'} onClick={() => go({ name: 'products' })} />
        <NavButton label="Customers" here={screen.name === 'customers'} onClick={() => go({ name: 'customers' })} />
        <NavButton label="Vendors" here={screen.name === 'vendors'} onClick={() => go({ name: 'vendors' })} />
        <NavButton label="Locations" here={screen.name === 'locations'} onClick={() => go({ name: 'locations' })} />
        <NavButton label="Import" here={screen.name === 'import'} onClick={() => go({ name: 'import' })} />
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
        {info.status === 'ok' && screen.name === 'purchaseOrders' && <PurchaseOrdersScreen />}
        {info.status === 'ok' && screen.name === 'purchaseOrder' && <PurchaseOrderScreen key={`${screen.id ?? 'new'}-${screen.nonce}`} id={screen.id} />}
        {info.status === 'ok' && screen.name === 'serials' && <SerialsScreen key={screen.productId ?? 'all'} productId={screen.productId} />}
        {info.status === 'ok' && screen.name === 'serial' && <SerialHistoryScreen key={screen.id} id={screen.id} />}
        {info.status === 'ok' && screen.name === 'receipt' && <ReceiptScreen key={screen.id} id={screen.id} />}
        {info.status === 'ok' && screen.name === 'products' && <ProductsScreen />}
        {info.status === 'ok' && (screen.name === 'customers' || screen.name === 'vendors' || screen.name === 'locations') && <RecordsScreen key={screen.name} kind={screen.name} />}
        {info.status === 'ok' && screen.name === 'import' && <ImportScreen />}
      </main>
      {pending && (
        <Dialog title="Discard unsaved changes?" onClose={cancelLeave}>
          <p>{screen.name === 'invoice' ? 'This invoice has' : 'This screen has'} changes that are not saved. Leave it and lose them?</p>
          <div className="dialog-actions">
            <button type="button" data-autofocus onClick={cancelLeave}>Keep editing</button>
            <button type="button" className="danger" onClick={confirmLeave}>Discard changes</button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

function NavButton({ label, here, onClick }: { label: string; here: boolean; onClick: () => void }) {
  return <button type="button" aria-current={here ? 'page' : undefined} onClick={onClick}>{label}</button>;
}
