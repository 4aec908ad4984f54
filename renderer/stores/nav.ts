import { create } from 'zustand';

/** Every screen and what it is opened with. renderer/screens.tsx says how each one shows (it must list them all). */
export interface ScreenParams {
  /** The counter: the app opens on it. */
  sell: object;
  till: object;
  /** Returns: empty, or opened with a sale's number (an invoice's Return button). */
  returns: { code?: string };
  invoice: { invoiceId: number | null };
  invoices: object;
  /** Invoices → Recurring: the templates; one template (null: a new one; fromInvoice: Make recurring on it). */
  recurring: object;
  recurringTemplate: { id: number | null; fromInvoice?: number };
  payments: object;
  /** The e-mails the mail server has not taken yet. */
  outbox: object;
  scanner: object;
  settings: object;
  purchaseOrders: object;
  purchaseOrder: { id: number | null };
  serials: { productId?: number };
  serial: { id: number };
  receipt: { id: number };
  products: object;
  customers: object;
  customer: { id: number };
  vendors: object;
  locations: object;
  import: object;
  exports: object;
  /** Stock → Transfers: the list; one transfer (null: a new one). */
  transfers: object;
  transfer: { id: number | null };
  /** Stock → Goods issues: the list; one issue (null: a new one). */
  goodsIssues: object;
  goodsIssue: { id: number | null };
  /** Stock → Counts: the list; one count (its scanning and review). */
  stockCounts: object;
  stockCount: { id: number };
  /** Service → Estimates: the list; one estimate (null: a new one). */
  estimates: object;
  estimate: { id: number | null };
  /** Service → Tickets: the list; one ticket (null: a new one). */
  tickets: object;
  ticket: { id: number | null };
  /** Help → Diagnostics: versions, the data file, backups and logs; Save diagnostics. */
  diagnostics: object;
}

export type ScreenName = keyof ScreenParams;
export type ScreenOf<N extends ScreenName> = { name: N } & ScreenParams[N];
export type Screen = { [N in ScreenName]: ScreenOf<N> }[ScreenName];

export interface GoOptions {
  /**
   * Show a fresh copy even when this very screen already shows ("New invoice" on a new invoice).
   * Otherwise a screen is mounted anew only when its name or key changes (see renderer/screens.tsx).
   */
  fresh?: boolean;
}

interface NavState {
  screen: Screen;
  /** Part of every screen's React key: bumped by a fresh navigation, so the screen remounts. */
  nonce: number;
  /** Where the user asked to go while the screen had unsaved changes. */
  pending: { screen: Screen; fresh: boolean } | null;
  /** Set by a screen with unsaved work: true means "ask before leaving". */
  guard: (() => boolean) | null;
  go(screen: Screen, options?: GoOptions): void;
  confirmLeave(): void;
  cancelLeave(): void;
  setGuard(guard: (() => boolean) | null): void;
  reset(): void;
}

const start: Screen = { name: 'sell' };

/** Which screen shows (UI state only). Leaving unsaved work asks first. */
export const useNav = create<NavState>((set, get) => ({
  screen: start,
  nonce: 0,
  pending: null,
  guard: null,
  go: (screen, options = {}) => {
    const fresh = options.fresh ?? false;
    if (get().guard?.()) return set({ pending: { screen, fresh } });
    return set((s) => ({ screen, pending: null, nonce: fresh ? s.nonce + 1 : s.nonce }));
  },
  confirmLeave: () => {
    const { pending } = get();
    if (pending)
      set((s) => ({
        screen: pending.screen,
        pending: null,
        guard: null,
        nonce: pending.fresh ? s.nonce + 1 : s.nonce,
      }));
  },
  cancelLeave: () => set({ pending: null }),
  setGuard: (guard) => set({ guard }),
  reset: () => set((s) => ({ screen: start, pending: null, guard: null, nonce: s.nonce + 1 })),
}));
