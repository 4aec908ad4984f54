import { act, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, onTestFinished } from 'vitest';
import { App } from '../../renderer/App.tsx';
import { useNav } from '../../renderer/stores/nav.ts';
import { demoIds, freshBackend, type Backend } from '../support/backend.ts';

// Staff in the app: the PIN screen, Lock, the first Admin of an empty store, and the manager approval dialog (a
// cashier's void, approved by Morgan Manager's PIN without signing the cashier out).

/** The real App on a real store with nobody signed in: it opens at the PIN screen. */
async function atPinScreen(b: Backend) {
  onTestFinished(() => b.close());
  const user = userEvent.setup();
  render(<App api={b.api} />);
  await screen.findByRole('heading', { name: 'Counter POS Demo Shop' });
  return user;
}
const nav = () => screen.getByRole('navigation', { name: 'Main' });
const pinField = () => screen.getByLabelText('PIN');

describe('the PIN screen', () => {
  it('signs in by PIN with Enter, says when a PIN is wrong, and Lock (button or Ctrl+L) returns to it', async () => {
    const b = await freshBackend({ staff: null });
    const user = await atPinScreen(b);
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(pinField()).toHaveFocus();

    await user.type(pinField(), '9999{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('That PIN is not right.');
    expect(pinField()).toHaveValue('');

    await user.type(pinField(), '1111{Enter}');
    expect(
      await within(await screen.findByRole('navigation', { name: 'Main' })).findByText(/Casey Cashier/),
    ).toBeVisible();
    const lock = within(nav()).getByRole('button', { name: 'Lock' });
    expect(lock).toHaveAttribute('aria-keyshortcuts', 'Control+L');
    expect(lock).toHaveAttribute('title', 'Lock (Ctrl+L)');

    await user.click(lock);
    expect(await screen.findByLabelText('PIN')).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(b.ctx.session!.staff).toBeNull();

    // The keypad, for a touch screen.
    for (const key of ['1', '2', '3', '4']) {
      await user.click(within(screen.getByRole('group', { name: 'PIN keypad' })).getByRole('button', { name: key }));
    }
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(
      await within(await screen.findByRole('navigation', { name: 'Main' })).findByText(/Demo Admin/),
    ).toBeVisible();

    await user.keyboard('{Control>}l{/Control}');
    expect(await screen.findByLabelText('PIN')).toBeInTheDocument();
    expect(b.ctx.session!.staff).toBeNull();
  });

  it('shows the lockout after five wrong PINs and refuses even a right PIN meanwhile', async () => {
    const b = await freshBackend({ staff: null });
    const user = await atPinScreen(b);
    for (let i = 0; i < 5; i++) {
      await user.type(pinField(), '0000{Enter}');
      await screen.findByRole('alert'); // typing cleared the last one: this is the answer to this PIN
    }
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^Too many wrong PINs: sign-in is locked until \d\d:\d\d\.$/,
    );
    await user.type(pinField(), '1234{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(/^Too many wrong PINs/);
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
  });

  it('shows the PIN screen when a call finds nobody signed in (locked elsewhere)', async () => {
    const b = await freshBackend({ staff: null });
    const user = await atPinScreen(b);
    await user.type(pinField(), '1234{Enter}');
    await screen.findByRole('navigation', { name: 'Main' });
    b.ctx.session!.staff = null; // another tab of this host pressed Lock
    await user.click(within(nav()).getByRole('button', { name: 'Invoices' }));
    expect(await screen.findByLabelText('PIN')).toBeInTheDocument();
  });

  it('asks a store without staff for its first Admin, with the PIN confirmed', async () => {
    const b = await freshBackend({ demo: false, staff: null });
    onTestFinished(() => b.close());
    const user = userEvent.setup();
    render(<App api={b.api} />);
    await screen.findByRole('heading', { name: 'Set up the first Admin' });
    await user.type(screen.getByLabelText('Name'), 'Pat Owner');
    await user.type(screen.getByLabelText('PIN'), '4321');
    await user.type(screen.getByLabelText('Confirm PIN'), '4322');
    await user.click(screen.getByRole('button', { name: 'Create Admin and sign in' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The two PINs are not the same');
    await user.clear(screen.getByLabelText('Confirm PIN'));
    await user.type(screen.getByLabelText('Confirm PIN'), '4321');
    await user.click(screen.getByRole('button', { name: 'Create Admin and sign in' }));
    expect(await within(await screen.findByRole('navigation', { name: 'Main' })).findByText(/Pat Owner/)).toBeVisible();
    expect(await b.one(`SELECT name, role FROM staff`)).toEqual({ name: 'Pat Owner', role: 'admin' });
  });
});

describe('manager approval', () => {
  it('asks for a manager PIN when a cashier voids, retries with it, and keeps the cashier signed in', async () => {
    const b = await freshBackend(); // the test Admin makes the sale, then the PIN screen
    const ids = demoIds(b);
    const sale = await b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      lines: [
        {
          productId: ids.laptop,
          description: 'Latitude 5440 Laptop',
          qty: 1000,
          unitPriceMinor: 124_900,
          taxable: true,
          serialIds: [ids.serial('DL5440-0001')],
        },
      ],
    });
    if (!sale.ok) throw new Error(sale.error.message);
    const invoice = sale.value;
    b.ctx.session!.staff = null;
    const user = await atPinScreen(b);
    await user.type(pinField(), '1111{Enter}');
    await screen.findByRole('navigation', { name: 'Main' });
    act(() => useNav.getState().go({ name: 'invoice', invoiceId: invoice.id }));
    await screen.findByRole('heading', { name: `Invoice ${invoice.number}` });

    await user.click(screen.getByRole('button', { name: 'Void invoice' }));
    const voidDialog = screen.getByRole('dialog', { name: `Void invoice ${invoice.number}?` });
    await user.click(within(voidDialog).getByRole('button', { name: 'Void invoice' }));

    let approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(approval).toHaveTextContent(`Needs a manager: voiding ${invoice.number}.`);
    expect(within(approval).getByLabelText('Manager PIN')).toHaveFocus();
    // Escape cancels: nothing is voided and nothing is said.
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Manager approval' })).toBeNull());
    expect(within(voidDialog).queryByRole('alert')).toBeNull();
    expect(await b.one('SELECT status FROM invoices WHERE id = ?', invoice.id)).toEqual({ status: 'sent' });

    await user.click(within(voidDialog).getByRole('button', { name: 'Void invoice' }));
    approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    await user.type(within(approval).getByLabelText('Manager PIN'), '1111{Enter}');
    expect(await within(approval).findByRole('alert')).toHaveTextContent('That PIN is not a Manager’s or Admin’s.');
    await user.type(within(approval).getByLabelText('Manager PIN'), '2222');
    await user.click(within(approval).getByRole('button', { name: 'Approve' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByText('This invoice is void: it cannot be changed.')).toBeInTheDocument();
    expect(await screen.findByText('Voided by Casey Cashier, approved by Morgan Manager.')).toBeInTheDocument();
    expect(within(nav()).getByText(/Casey Cashier/)).toBeVisible();
    expect(await b.one('SELECT status, voided_by, void_approved_by FROM invoices WHERE id = ?', invoice.id)).toEqual({
      status: 'void',
      voided_by: 'Casey Cashier',
      void_approved_by: 'Morgan Manager',
    });
  });
});

describe('cancelling a purchase order', () => {
  it('asks for confirmation, then a manager for a cashier', async () => {
    const b = await freshBackend();
    const ids = demoIds(b);
    const saved = await b.api.savePurchaseOrder({
      vendorId: ids.northwind,
      locationId: ids.main,
      lines: [{ productId: ids.cable, qty: 10, unitCostMinor: 450 }],
    });
    if (!saved.ok) throw new Error(saved.error.message);
    const po = saved.value;
    b.ctx.session!.staff = null;
    const user = await atPinScreen(b);
    await user.type(pinField(), '1111{Enter}');
    await screen.findByRole('navigation', { name: 'Main' });
    act(() => useNav.getState().go({ name: 'purchaseOrder', id: po.id }));

    await user.click(await screen.findByRole('button', { name: 'Cancel order' }));
    let confirm = screen.getByRole('dialog', { name: `Cancel ${po.number}?` });
    expect(confirm).toHaveTextContent('nothing more can be received on it');
    await user.click(within(confirm).getByRole('button', { name: 'Keep order' }));
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Cancel order' }));
    confirm = screen.getByRole('dialog', { name: `Cancel ${po.number}?` });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel order' }));
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(approval).toHaveTextContent(`Needs a manager: cancelling ${po.number}.`);
    await user.type(within(approval).getByLabelText('Manager PIN'), '2222{Enter}');
    expect(await screen.findByText(`${po.number} is cancelled.`)).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await b.one('SELECT status FROM purchase_orders WHERE id = ?', po.id)).toEqual({ status: 'cancelled' });
  });
});

describe('Settings → Staff', () => {
  it('lists staff for an Admin, adds one with a PIN of their own, and edits a role', async () => {
    const b = await freshBackend(); // the test Admin
    onTestFinished(() => b.close());
    const user = userEvent.setup();
    render(<App api={b.api} />);
    await screen.findByRole('navigation', { name: 'Main' });
    act(() => useNav.getState().go({ name: 'settings' }));
    // Settings loads every section's reads at once: on a loaded 2-core CI run the Staff table can take over a second.
    const table = await screen.findByRole('table', { name: 'Staff' }, { timeout: 5_000 });
    const rows = () => within(table).getAllByRole('row').slice(1);
    await waitFor(() =>
      expect(rows().map((r) => r.textContent)).toEqual([
        'Casey CashierCashierYesEdit',
        'Demo AdminAdminYesEdit',
        'Morgan ManagerManagerYesEdit',
      ]),
    );
    expect(screen.queryByText('Only an Admin can change Settings.')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Add staff member' }));
    let dialog = screen.getByRole('dialog', { name: 'Add staff member' });
    await user.type(within(dialog).getByLabelText('Name'), 'Riley Stone');
    await user.type(within(dialog).getByLabelText('PIN'), '2222');
    await user.type(within(dialog).getByLabelText('Confirm PIN'), '2222');
    await user.click(within(dialog).getByRole('button', { name: 'Add staff member' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Another staff member already uses that PIN.');
    await user.clear(within(dialog).getByLabelText('PIN'));
    await user.clear(within(dialog).getByLabelText('Confirm PIN'));
    await user.type(within(dialog).getByLabelText('PIN'), '5678');
    await user.type(within(dialog).getByLabelText('Confirm PIN'), '5678');
    await user.click(within(dialog).getByRole('button', { name: 'Add staff member' }));
    expect(await screen.findByText('Added Riley Stone (Cashier).')).toBeInTheDocument();
    await waitFor(() => expect(rows().map((r) => r.textContent)).toContain('Riley StoneCashierYesEdit'));

    await user.click(within(table).getByRole('button', { name: 'Edit Riley Stone' }));
    dialog = screen.getByRole('dialog', { name: 'Edit Riley Stone' });
    await user.selectOptions(within(dialog).getByLabelText('Role'), 'Manager');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved Riley Stone (Manager).')).toBeInTheDocument();
    expect(await b.one(`SELECT role FROM staff WHERE name = 'Riley Stone'`)).toEqual({ role: 'manager' });
    expect(await b.one(`SELECT pin_hash FROM staff WHERE name = 'Riley Stone'`)).not.toEqual({ pin_hash: '5678' });
  });

  it('shows Settings read-only to a Manager, without Staff', async () => {
    const b = await freshBackend({ staff: null });
    const user = await atPinScreen(b);
    await user.type(pinField(), '2222{Enter}');
    await screen.findByRole('navigation', { name: 'Main' });
    act(() => useNav.getState().go({ name: 'settings' }));
    expect(await screen.findByText('Only an Admin can change Settings.')).toBeInTheDocument();
    expect(await screen.findByLabelText('Shop name')).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Save settings' })).toBeDisabled();
    expect(screen.queryByRole('table', { name: 'Staff' })).toBeNull();
  });
});
