import type { ReactNode } from 'react';
import type { AppInfo } from '../core/model.ts';
import { ProductsScreen } from './catalog/ProductsScreen.tsx';
import { RecordsScreen } from './catalog/RecordsScreen.tsx';
import { ExportsScreen } from './exports/ExportsScreen.tsx';
import { DiagnosticsScreen } from './help/DiagnosticsScreen.tsx';
import { ImportScreen } from './imports/ImportScreen.tsx';
import { InvoiceEditor } from './invoice/InvoiceEditor.tsx';
import { InvoicesScreen } from './invoice/InvoicesScreen.tsx';
import { CustomerScreen } from './money/CustomerScreen.tsx';
import { PaymentsScreen } from './money/PaymentsScreen.tsx';
import { OutboxScreen } from './email/OutboxScreen.tsx';
import { PurchaseOrderScreen } from './purchasing/PurchaseOrderScreen.tsx';
import { PurchaseOrdersScreen } from './purchasing/PurchaseOrdersScreen.tsx';
import { ScannerScreen } from './scanner/ScannerScreen.tsx';
import { ReturnsScreen } from './returns/ReturnsScreen.tsx';
import { ReceiptScreen } from './serials/ReceiptScreen.tsx';
import { SellScreen } from './sell/SellScreen.tsx';
import { SettingsScreen } from './settings/SettingsScreen.tsx';
import { TillScreen } from './till/TillScreen.tsx';
import { SerialHistoryScreen } from './serials/SerialHistoryScreen.tsx';
import { SerialsScreen } from './serials/SerialsScreen.tsx';
import { GoodsIssueScreen, GoodsIssuesScreen } from './stock/GoodsIssuesScreen.tsx';
import { StockCountScreen, StockCountsScreen } from './stock/StockCountsScreen.tsx';
import { TransferScreen, TransfersScreen } from './stock/TransfersScreen.tsx';
import { EstimateScreen, EstimatesScreen } from './estimates/EstimatesScreen.tsx';
import { TicketScreen, TicketsScreen } from './tickets/TicketsScreen.tsx';
import { RecurringScreen, RecurringTemplateScreen } from './recurring/RecurringScreen.tsx';
import type { Screen, ScreenName, ScreenParams } from './stores/nav.ts';

interface ScreenDef<P> {
  render(params: P, info: AppInfo): ReactNode;
  /**
   * What the screen shows ('new', an id, a filter): a change remounts it with fresh state. Default:
   * one copy (going to it again keeps its filters and page).
   */
  key?(params: P): string;
  /**
   * A button in the top bar, in this order: its accessible name, and where it goes. Entries of one `group` (Stock)
   * sit together in a labelled group.
   */
  nav?: { label: string; params: P; fresh?: boolean; group?: string };
  /** The top-bar entry marked current (aria-current="page") while this screen shows; default: its own. */
  section?: ScreenName;
  /** Named in "… has changes that are not saved"; default "This screen". */
  unsaved?: string;
}

/** Every screen: how it renders, its key, its top-bar entry. A screen missing here fails to compile. */
export const screens: { [N in ScreenName]: ScreenDef<ScreenParams[N]> } = {
  sell: { render: (_p, info) => <SellScreen info={info} />, nav: { label: 'Sell', params: {} }, unsaved: 'This sale' },
  returns: {
    render: (p) => <ReturnsScreen code={p.code} />,
    key: (p) => p.code ?? '',
    nav: { label: 'Returns', params: {} },
  },
  till: { render: () => <TillScreen />, nav: { label: 'Till', params: {} } },
  invoice: {
    render: (p, info) => <InvoiceEditor info={info} invoiceId={p.invoiceId} />,
    key: (p) => String(p.invoiceId ?? 'new'),
    nav: { label: 'New invoice', params: { invoiceId: null }, fresh: true },
    unsaved: 'This invoice',
  },
  invoices: { render: () => <InvoicesScreen />, nav: { label: 'Invoices', params: {} } },
  recurring: { render: () => <RecurringScreen />, nav: { label: 'Recurring', params: {} } },
  recurringTemplate: {
    render: (p) => <RecurringTemplateScreen id={p.id} fromInvoice={p.fromInvoice} />,
    key: (p) => `${p.id ?? 'new'}:${p.fromInvoice ?? ''}`,
    section: 'recurring',
    unsaved: 'This recurring invoice',
  },
  payments: { render: () => <PaymentsScreen />, nav: { label: 'Payments', params: {} } },
  outbox: { render: () => <OutboxScreen />, nav: { label: 'Outbox', params: {} } },
  purchaseOrders: { render: () => <PurchaseOrdersScreen />, nav: { label: 'Purchase orders', params: {} } },
  purchaseOrder: {
    render: (p) => <PurchaseOrderScreen id={p.id} />,
    key: (p) => String(p.id ?? 'new'),
    section: 'purchaseOrders',
  },
  serials: {
    render: (p) => <SerialsScreen productId={p.productId} />,
    key: (p) => String(p.productId ?? 'all'),
    nav: { label: 'Serial Numbers', params: {} },
  },
  serial: { render: (p) => <SerialHistoryScreen id={p.id} />, key: (p) => String(p.id), section: 'serials' },
  transfers: { render: () => <TransfersScreen />, nav: { label: 'Transfers', params: {}, group: 'Stock' } },
  transfer: {
    render: (p) => <TransferScreen id={p.id} />,
    key: (p) => String(p.id ?? 'new'),
    section: 'transfers',
    unsaved: 'This transfer',
  },
  goodsIssues: { render: () => <GoodsIssuesScreen />, nav: { label: 'Goods issues', params: {}, group: 'Stock' } },
  goodsIssue: {
    render: (p) => <GoodsIssueScreen id={p.id} />,
    key: (p) => String(p.id ?? 'new'),
    section: 'goodsIssues',
    unsaved: 'This goods issue',
  },
  stockCounts: { render: () => <StockCountsScreen />, nav: { label: 'Counts', params: {}, group: 'Stock' } },
  stockCount: { render: (p) => <StockCountScreen id={p.id} />, key: (p) => String(p.id), section: 'stockCounts' },
  estimates: { render: () => <EstimatesScreen />, nav: { label: 'Estimates', params: {}, group: 'Service' } },
  estimate: {
    render: (p) => <EstimateScreen id={p.id} />,
    key: (p) => String(p.id ?? 'new'),
    section: 'estimates',
    unsaved: 'This estimate',
  },
  tickets: { render: () => <TicketsScreen />, nav: { label: 'Tickets', params: {}, group: 'Service' } },
  ticket: { render: (p) => <TicketScreen id={p.id} />, key: (p) => String(p.id ?? 'new'), section: 'tickets' },
  // from an order or an import: no top-bar entry
  receipt: { render: (p) => <ReceiptScreen id={p.id} />, key: (p) => String(p.id) },
  products: { render: () => <ProductsScreen />, nav: { label: 'Products', params: {} } },
  customers: { render: () => <RecordsScreen kind="customers" />, nav: { label: 'Customers', params: {} } },
  customer: { render: (p) => <CustomerScreen id={p.id} />, key: (p) => String(p.id), section: 'customers' },
  vendors: { render: () => <RecordsScreen kind="vendors" />, nav: { label: 'Vendors', params: {} } },
  locations: { render: () => <RecordsScreen kind="locations" />, nav: { label: 'Locations', params: {} } },
  import: { render: () => <ImportScreen />, nav: { label: 'Import', params: {} } },
  exports: { render: () => <ExportsScreen />, nav: { label: 'Exports', params: {} } },
  scanner: { render: () => <ScannerScreen />, nav: { label: 'Scanner', params: {} } },
  settings: { render: () => <SettingsScreen />, nav: { label: 'Settings', params: {} } },
  diagnostics: {
    render: (_p, info) => <DiagnosticsScreen locale={info.locale} />,
    nav: { label: 'Diagnostics', params: {}, group: 'Help' },
  },
};

/** One definition, typed by its screen (TypeScript cannot pair the mapped entry with the union by itself). */
export function screenDef(screen: Screen): ScreenDef<Screen> {
  return screens[screen.name] as unknown as ScreenDef<Screen>;
}

/** The one remount rule: a screen's React key is its name, its params' key and the navigation nonce. */
export function screenKey(screen: Screen, nonce: number): string {
  return `${screen.name}:${screenDef(screen).key?.(screen) ?? ''}:${nonce}`;
}

/** The top-bar entry that is current while `screen` shows. */
export const sectionOf = (screen: Screen): ScreenName => screenDef(screen).section ?? screen.name;

/** The top bar's buttons, in order. */
export const navEntries = (Object.keys(screens) as ScreenName[]).flatMap((name) => {
  const nav = screens[name].nav;
  return nav
    ? [
        {
          name,
          label: nav.label,
          screen: { name, ...nav.params } as Screen,
          fresh: nav.fresh ?? false,
          group: nav.group ?? null,
        },
      ]
    : [];
});

/** The top bar's entries in order, consecutive entries of one group (Stock) together. */
export const navGroups = navEntries.reduce<Array<{ group: string | null; entries: typeof navEntries }>>(
  (out, entry) => {
    const last = out.at(-1);
    if (last && entry.group !== null && last.group === entry.group) last.entries.push(entry);
    else out.push({ group: entry.group, entries: [entry] });
    return out;
  },
  [],
);
