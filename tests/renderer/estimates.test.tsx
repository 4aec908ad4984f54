// Service → Estimates through the real App against the real backend: a new estimate for Acme Corp with a line from
// the item search, saved (EST-000001), approved, and converted to a ticket, which opens the ticket's screen.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useNav } from '../../renderer/stores/nav.ts';
import { renderApp } from './render.tsx';

describe('Service → Estimates', () => {
  it('creates an estimate with a line, approves it, and Convert to ticket lands on the ticket', async () => {
    const { b, user } = await renderApp(undefined, { start: 'sell' });
    const nav = within(screen.getByRole('navigation', { name: 'Main' }));
    await user.click(nav.getByRole('button', { name: 'Estimates' }));
    await screen.findByRole('heading', { name: 'Estimates' });
    expect(await screen.findByText('No estimates yet.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'New estimate' }));
    await screen.findByRole('heading', { name: 'New estimate' });

    await user.click(screen.getByRole('combobox', { name: 'Customer' }));
    await user.keyboard('acme');
    const list = await screen.findByRole('listbox', { name: 'Customer matches' });
    await user.click(within(list).getAllByRole('option')[0]!);
    await user.type(screen.getByLabelText('Item search'), 'USBC-2M{Enter}');
    const qty = await screen.findByLabelText('Line 1 quantity');
    await user.clear(qty);
    await user.type(qty, '2.5');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { name: 'Estimate EST-000001' });
    const saved = await b.one<{ qty: number }>('SELECT qty FROM estimate_lines');
    expect(Number(saved.qty)).toBe(2500);

    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('EST-000001 is Approved.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Convert to ticket' }));
    const ticket = await waitFor(async () => {
      const row = await b.one<{ id: number; estimate_id: number }>('SELECT id, estimate_id FROM tickets');
      expect(row).toBeDefined();
      return row;
    });
    await waitFor(() => expect(useNav.getState().screen).toEqual({ name: 'ticket', id: Number(ticket.id) }));
    const status = await b.one<{ status: string }>('SELECT status FROM estimates');
    expect(status.status).toBe('converted');
  });
});
