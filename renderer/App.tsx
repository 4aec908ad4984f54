import { Fragment, useCallback, useEffect, useMemo } from 'react';
import type { PosApi } from '../core/contract.ts';
import { ApiProvider, useApiQuery } from './api/ApiProvider.tsx';
import { SERVER_LOST_MESSAGE, serverAware, useServerLost } from './api/serverLost.ts';
import { Dialog } from './components/Dialog.tsx';
import { ApprovalProvider } from './components/ManagerApproval.tsx';
import { ShopFormatProvider } from './components/ShopFormat.tsx';
import { navGroups, screenDef, screenKey, sectionOf } from './screens.tsx';
import { SessionGate, signOutAware } from './staff/session.tsx';
import { SignedInBar } from './staff/SignedInBar.tsx';
import { useNav } from './stores/nav.ts';
import { rescuedInvoice } from './recovery/draftRescue.ts';

export function App({ api }: { api: PosApi }) {
  const watched = useMemo(() => signOutAware(serverAware(api)), [api]);
  return (
    <ApiProvider api={watched}>
      <ServerLostBanner />
      <SessionGate>
        <ApprovalProvider>
          <Shell />
        </ApprovalProvider>
      </SessionGate>
    </ApiProvider>
  );
}

/** Across the app while the shop server cannot be reached; gone with the next call that reaches it. */
function ServerLostBanner() {
  const lost = useServerLost((s) => s.lost);
  if (!lost) return null;
  return (
    <p role="alert" className="message error server-lost">
      {SERVER_LOST_MESSAGE}
    </p>
  );
}

function Shell() {
  const info = useApiQuery('appInfo', {});
  const { screen, nonce, pending, go, confirmLeave, cancelLeave, reset } = useNav();
  useEffect(() => {
    reset();
    // An invoice draft kept through a crash opens where it was (a kept sale shows on Sell, where the app starts).
    const kept = rescuedInvoice();
    if (kept) go({ name: 'invoice', invoiceId: kept.invoiceId });
  }, [reset, go]);
  const here = sectionOf(screen);
  const keepInView = useCallback(
    (el: HTMLButtonElement | null) => el?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' }),
    [],
  );

  return (
    <div className="app">
      <nav className="topbar" aria-label="Main">
        <span className="brand">Counter POS</span>
        {/* One row: entries that do not fit scroll sideways (styles.css); the current one is kept in view. */}
        <div
          className="nav-entries"
          onWheel={(e) => {
            // A mouse wheel scrolls the strip sideways when its entries do not all fit.
            const strip = e.currentTarget;
            if (e.deltaY !== 0 && strip.scrollWidth > strip.clientWidth) strip.scrollLeft += e.deltaY;
          }}
        >
          {navGroups.map(({ group, entries }) => {
            const buttons = entries.map((entry) => (
              <button
                key={entry.name}
                type="button"
                aria-current={entry.name === here ? 'page' : undefined}
                ref={entry.name === here ? keepInView : undefined}
                onClick={() => go(entry.screen, { fresh: entry.fresh })}
              >
                {entry.label}
              </button>
            ));
            return group ? (
              <span key={group} role="group" aria-label={group} className="nav-group">
                <span className="nav-group-label" aria-hidden="true">
                  {group}
                </span>
                {buttons}
              </span>
            ) : (
              buttons
            );
          })}
        </div>
        {info.status === 'ok' && (
          <span className="where" title={info.data.dataFile}>
            {info.data.mode === 'web' ? 'Browser mode' : ''}
          </span>
        )}
        <SignedInBar />
      </nav>
      <main>
        {info.status === 'loading' && <p role="status">Opening the store…</p>}
        {info.status === 'error' && (
          <p role="alert" className="message error">
            {info.error.message}
          </p>
        )}
        {info.status === 'ok' && (
          <ShopFormatProvider currency={info.data.currency} locale={info.data.locale}>
            <Fragment key={screenKey(screen, nonce)}>{screenDef(screen).render(screen, info.data)}</Fragment>
          </ShopFormatProvider>
        )}
      </main>
      {pending && (
        <Dialog title="Discard unsaved changes?" onClose={cancelLeave}>
          <p>{`${screenDef(screen).unsaved ?? 'This screen'} has changes that are not saved. Leave it and lose them?`}</p>
          <div className="dialog-actions">
            <button type="button" data-autofocus onClick={cancelLeave}>
              Keep editing
            </button>
            <button type="button" className="danger" onClick={confirmLeave}>
              Discard changes
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
