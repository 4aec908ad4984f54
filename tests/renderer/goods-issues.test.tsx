// Stock → Goods issues, as a cashier uses it: a new issue (Other needs its text), a laptop's unit picked in the same
// Capture Serials dialog as the invoice's, cables by quantity, Post with a manager's PIN, then Reverse (confirmed and
// approved) making a goods receipt that names the issue. Against the real backend.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StaffRef } from '../../core/model.ts';
import { demoIds } from '../support/backend.ts';
import { renderApp } from './render.tsx';

const nav = (name: string) => within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name });

describe('goods issues', () => {
  it('creates an issue, captures serials, posts it with a manager’s PIN and reverses it', async () => {
    const { b, user } = await renderApp(undefined, { start: 'sell' });
    const ids = demoIds(b);
    b.ctx.session = { staff: await b.one<StaffRef>(`SELECT id, name, role FROM staff WHERE name = 'Casey Cashier'`) };
    await user.click(nav('Goods issues'));
    expect(await screen.findByText('No goods issues yet.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'New goods issue' }));
    await screen.findByRole('heading', { name: 'New goods issue' });
    await waitFor(() => expect(screen.getByLabelText('Location')).toHaveDisplayValue('Main Store'));

    // Other needs its text, said before anything is sent.
    await user.selectOptions(screen.getByLabelText('Reason'), 'Other');
    const search = screen.getByLabelText('Add product');
    await user.type(search, 'LAT-5440{Enter}');
    // A serial-tracked line opens Capture Serials at once, offering the units in stock at Main Store.
    const dialog = await screen.findByRole('dialog', { name: 'Capture Serials' });
    expect(within(dialog).getByText(/Latitude 5440 Laptop · Main Store/)).toBeInTheDocument();
    await user.click(await within(dialog).findByRole('checkbox', { name: 'DL5440-0001' }));
    expect(within(dialog).getByText('1 of 1 selected')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect(screen.getByRole('button', { name: 'Serials of Latitude 5440 Laptop' })).toHaveTextContent('SN 1/1');
    await user.type(screen.getByLabelText('Add product'), 'USBC-2M{Enter}');
    const qty = await screen.findByLabelText('Quantity of USB-C Cable 2m');
    await user.clear(qty);
    await user.type(qty, '2');

    await user.click(screen.getByRole('button', { name: 'Post' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Say why the stock leaves: Other needs a reason.');
    expect(await b.all('SELECT id FROM goods_issues')).toEqual([]);
    await user.type(screen.getByLabelText('Reason (required)'), 'Charity raffle');

    // Posting needs a manager: the cashier is asked for one's PIN.
    await user.click(screen.getByRole('button', { name: 'Post' }));
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(approval).toHaveTextContent('Needs a manager: posting GI-000001 (Other).');
    await user.type(within(approval).getByLabelText('Manager PIN'), '2222{Enter}');
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('GI-000001 is posted: the stock has left Main Store.'),
    );
    await screen.findByRole('heading', { name: 'Goods issue GI-000001' });
    expect(screen.getByLabelText('Status')).toHaveTextContent('Posted');
    expect(screen.queryByRole('button', { name: 'Save draft' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('Units of Latitude 5440 Laptop')).toHaveTextContent('DL5440-0001');
    expect(await b.one('SELECT status FROM serials WHERE id = ?', ids.serial('DL5440-0001'))).toEqual({
      status: 'issued',
    });

    // Reverse: confirmed, approved, and a goods receipt brings the stock back.
    await user.click(screen.getByRole('button', { name: 'Reverse' }));
    const confirm = screen.getByRole('dialog', { name: 'Reverse GI-000001?' });
    await user.click(within(confirm).getByRole('button', { name: 'Reverse' }));
    const again = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(again).toHaveTextContent('Needs a manager: reversing GI-000001.');
    await user.type(within(again).getByLabelText('Manager PIN'), '2222{Enter}');
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(/GI-000001 is reversed: GR-\d{6} brought the stock back\./),
    );
    expect(screen.queryByRole('button', { name: 'Reverse' })).not.toBeInTheDocument();
    expect(await b.one('SELECT status FROM serials WHERE id = ?', ids.serial('DL5440-0001'))).toEqual({
      status: 'in_stock',
    });
    await user.click(screen.getByRole('button', { name: /^GR-\d{6}$/ }));
    const receipt = await screen.findByRole('region', { name: /^Goods receipt GR-/ });
    expect(within(receipt).getByText('Reversal of GI-000001')).toBeInTheDocument();
    expect(within(receipt).getByRole('button', { name: 'GI-000001' })).toBeInTheDocument();
    expect(within(receipt).getByText('DL5440-0001')).toBeInTheDocument();
  });
});
