import { create } from 'zustand';

export type Screen =
  | { name: 'invoice'; invoiceId: number | null; nonce: number }
  | { name: 'invoices' }
  | { name: 'scanner' }
  | { name: 'purchaseOrders' }
  | { name: 'purchaseOrder'; id: number | null; nonce: number }
  | { name: 'serials'; productId?: number }
  | { name: 'serial'; id: number }
  | { name: 'receipt'; id: number }
  | { name: 'products' }
  | { name: 'customers' }
  | { name: 'vendors' }
  | { name: 'locations' }
  | { name: 'import' };

interface NavState {
  screen: Screen;
  /** Where the user asked to go while the editor had unsaved changes. */
  pending: Screen | null;
  /** Set by a screen with unsaved work: true means "ask before leaving". */
  guard: (() => boolean) | null;
  go(screen: Screen): void;
  newInvoice(): void;
  confirmLeave(): void;
  cancelLeave(): void;
  setGuard(guard: (() => boolean) | null): void;
  reset(): void;
}

let nonce = 0;
const start = (): Screen => ({ name: 'invoice', invoiceId: null, nonce: ++nonce });

/** Which screen shows (UI state only). Leaving unsaved work asks first. */
export const useNav = create<NavState>((set, get) => ({
  screen: start(),
  pending: null,
  guard: null,
  go: (screen) => (get().guard?.() ? set({ pending: screen }) : set({ screen, pending: null })),
  newInvoice: () => get().go({ name: 'invoice', invoiceId: null, nonce: ++nonce }),
  confirmLeave: () => {
    const { pending } = get();
    if (pending) set({ screen: pending, pending: null, guard: null });
  },
  cancelLeave: () => set({ pending: null }),
  setGuard: (guard) => set({ guard }),
  reset: () => set({ screen: start(), pending: null, guard: null }),
}));
