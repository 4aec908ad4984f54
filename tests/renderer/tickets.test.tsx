// Tickets through the real App against the real backend: a new ticket for Acme Corp, an hour of labour charged and
// a cable added; Add/View Charges names the pending total and lists the charges; Make Invoice opens the draft in the
// invoice editor.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from './render.tsx';

describe('Service → Tickets', () => {
  it('creates a ticket, logs labour and an item, shows the pending total and makes the invoice', async () => {
    const { b, user } = await renderApp(undefined, { start: 'sell' });
    const nav = within(screen.getByRole('navigation', { name: 'Main' }));
    await user.click(nav.getByRole('button', { name: 'Tickets' }));
    await screen.findByRole('heading', { name: 'Tickets' });
    await user.click(screen.getByRole('button', { name: 'New ticket' }));
    await screen.findByRole('heading', { name: 'New ticket' });
    await user.click(screen.getByRole('combobox', { name: 'Customer' }));
    await user.keyboard('acme');
    await screen.findByRole('listbox', { name: 'Customer matches' });
    await user.keyboard('{ArrowDown}{Enter}');
    await user.type(screen.getByLabelText('Title'), 'Laptop repair');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));
    expect(await screen.findByRole('heading', { name: 'T-000001 · Acme Corp' })).toBeInTheDocument();
    expect(screen.getByLabelText('Billing status')).toHaveTextContent('No Charge');

    await user.type(screen.getByLabelText('Minutes'), '60');
    await user.click(screen.getByRole('button', { name: 'Add time' }));
    const log = screen.getByRole('table', { name: 'Labour log' });
    await within(log).findByText('Not Charged');
    await user.click(within(log).getByRole('button', { name: 'Charge' }));
    await within(log).findByText('Charged');

    await user.type(screen.getByLabelText('Item (SKU or description)'), 'USBC-2M');
    await user.click(screen.getByRole('button', { name: 'Add item' }));
    await within(screen.getByRole('table', { name: 'Line items' })).findByText(/USBC-2M/);

    const ticket = await b.api.getTicket({ id: 1 });
    if (!ticket.ok) throw new Error(ticket.error.message);
    const total = ticket.value.pendingTotalMinor;
    expect(total).toBeGreaterThan(0);
    const button = await screen.findByRole('button', { name: /^Add\/View Charges \(/ });
    await waitFor(() => expect(button.textContent).toContain((total / 100).toFixed(2)));
    await user.click(button);
    const dialog = await screen.findByRole('dialog', { name: 'Charges on T-000001' });
    expect(within(dialog).getAllByRole('checkbox')).toHaveLength(2);
    await user.click(within(dialog).getByRole('button', { name: 'Make Invoice' }));
    expect(await screen.findByRole('heading', { name: /INV-000001/ })).toBeInTheDocument();
    // The invoice names its ticket, and goes back to it.
    await user.click(screen.getByRole('button', { name: 'From T-000001' }));
    expect(await screen.findByRole('heading', { name: /T-000001/ })).toBeInTheDocument();
  });
});
