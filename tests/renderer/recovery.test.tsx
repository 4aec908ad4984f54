// The recovery screen: a component that throws inside the app shows "Something went wrong" with Reload instead of a
// blank window, the error goes to the host's log call, and Reload brings back the unsaved cart or invoice draft.
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { create } from 'zustand';
import { App } from '../../renderer/App.tsx';
import { RecoveryBoundary, type RendererErrorReport } from '../../renderer/recovery/RecoveryBoundary.tsx';
import { useNav } from '../../renderer/stores/nav.ts';
import { demoIds, freshBackend, okValue, type Backend } from '../support/backend.ts';

const CABLE = '0012345678905';

/** A part of the app that throws while rendering once armed (what a bug in a screen does). */
const useBomb = create(() => ({ armed: false }));
function Bomb() {
  if (useBomb((s) => s.armed)) throw new Error('Cannot read properties of undefined (reading "lines")');
  return null;
}

afterEach(() => {
  useBomb.setState({ armed: false });
  sessionStorage.clear();
});

/** The app as renderer/main.tsx mounts it; Reload mounts it anew (a page reload keeps only sessionStorage). */
function mountApp(b: Backend, reports: RendererErrorReport[]) {
  let view: ReturnType<typeof render>;
  const ui = () => (
    <RecoveryBoundary report={(r) => reports.push(r)} onReload={reload}>
      <App api={b.api} />
      <Bomb />
    </RecoveryBoundary>
  );
  function reload() {
    view.unmount();
    useBomb.setState({ armed: false });
    view = render(ui());
  }
  view = render(ui());
}

async function setUp() {
  const b = await freshBackend();
  onTestFinished(() => b.close());
  const reports: RendererErrorReport[] = [];
  vi.spyOn(console, 'error').mockImplementation(() => {}); // React reports the caught error too
  mountApp(b, reports);
  await screen.findByRole('heading', { name: /^Sell/ });
  return { b, reports, user: userEvent.setup() };
}

const lines = () =>
  within(screen.getByRole('table', { name: 'Invoice lines' }))
    .getAllByRole('row')
    .slice(1)
    .filter((r) => !r.classList.contains('empty-row'));

describe('the recovery screen', () => {
  it('replaces a crashed app with Something went wrong and Reload, logs the error, and keeps the cart', async () => {
    const { reports, user } = await setUp();
    await user.type(screen.getByLabelText('Item search'), `${CABLE}{Enter}`);
    await waitFor(() => expect(lines()).toHaveLength(1));
    expect(lines()[0]).toHaveTextContent('USB-C Cable 2m');

    act(() => useBomb.setState({ armed: true }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'Something went wrong' })).toBeInTheDocument();
    expect(alert).toHaveTextContent('Cannot read properties of undefined (reading "lines")');
    expect(alert).toHaveTextContent('Your unsaved work is kept');
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull(); // the crashed app is gone, not blank
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ message: 'Cannot read properties of undefined (reading "lines")' });
    expect(reports[0]!.stack).toContain('Bomb');
    expect(reports[0]!.componentStack).toContain('Bomb');

    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    await screen.findByRole('heading', { name: /^Sell/ });
    await waitFor(() => expect(lines()).toHaveLength(1));
    expect(lines()[0]).toHaveTextContent('USB-C Cable 2m');
    // Still unsaved: leaving asks first, and a second line adds to the kept cart.
    await user.type(screen.getByLabelText('Item search'), `${CABLE}{Enter}`);
    await waitFor(() => expect(within(lines()[0]!).getByRole('textbox', { name: /Qty|Quantity/ })).toHaveValue('2'));
    await user.click(
      within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Invoices' }),
    );
    expect(await screen.findByRole('dialog', { name: 'Discard unsaved changes?' })).toBeInTheDocument();
  });

  it('brings a new invoice draft back on New invoice after Reload', async () => {
    const { user } = await setUp();
    await user.click(
      within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'New invoice' }),
    );
    await screen.findByRole('heading', { name: /New invoice/ });
    await user.type(screen.getByLabelText('Item search'), `${CABLE}{Enter}`);
    await waitFor(() => expect(lines()).toHaveLength(1));

    act(() => useBomb.setState({ armed: true }));
    const alert = await screen.findByRole('alert');
    await user.click(within(alert).getByRole('button', { name: 'Reload' }));

    // The app opens the kept invoice draft, not Sell.
    await screen.findByRole('heading', { name: /New invoice/ });
    await waitFor(() => expect(lines()).toHaveLength(1));
    expect(lines()[0]).toHaveTextContent('USB-C Cable 2m');
    expect(sessionStorage.length).toBe(0); // taken back once, not again on the next visit
  });

  it('reopens a saved invoice with its unsaved changes, in Edit', async () => {
    const { b, user } = await setUp();
    const ids = demoIds(b);
    const sent = await okValue(
      b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        lines: [
          { productId: ids.cable, description: 'Cable', qty: 1000, unitPriceMinor: 1999, taxable: true, serialIds: [] },
        ],
      }),
    );
    act(() => useNav.getState().go({ name: 'invoice', invoiceId: sent.id }));
    await screen.findByRole('heading', { name: 'Invoice INV-000001' });
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    await user.clear(screen.getByLabelText('Qty for USB-C Cable 2m'));
    await user.type(screen.getByLabelText('Qty for USB-C Cable 2m'), '3');

    act(() => useBomb.setState({ armed: true }));
    await user.click(within(await screen.findByRole('alert')).getByRole('button', { name: 'Reload' }));

    await screen.findByRole('heading', { name: 'Invoice INV-000001' });
    await waitFor(() => expect(screen.getByLabelText('Qty for USB-C Cable 2m')).toHaveValue('3'));
    expect(screen.getByLabelText('Qty for USB-C Cable 2m')).toBeEnabled(); // in Edit, as it was
    // The store still has the saved quantity: the change is unsaved, not lost and not saved behind the user's back.
    expect((await okValue(b.api.getInvoice({ id: sent.id }))).lines[0]!.qty).toBe(1000);
  });

  it('says nothing unsaved was lost when there was no draft', async () => {
    await setUp();
    act(() => useBomb.setState({ armed: true }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Everything saved is safe in the store');
    expect(within(alert).getByRole('button', { name: 'Reload' })).toBeInTheDocument();
  });
});
