import { render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Customer } from '../../core/model.ts';
import { ApiProvider } from '../../renderer/api/ApiProvider.tsx';
import { CustomerPicker } from '../../renderer/components/CustomerPicker.tsx';
import { freshBackend, sqliteOf, type Backend } from '../support/backend.ts';
import { renderApp } from './render.tsx';

// The customer picker: a search box over thousands of customers (by part of a name, e-mail or phone), with
// "New customer…" inline, and the warning for a name another customer already has.

/** The picker as a screen holds it: the chosen customer in state, shown below. */
function Host({ start }: { start: { id: number; name: string } | null }) {
  const [value, setValue] = useState<Customer | { id: number; name: string } | null>(start);
  return (
    <>
      <CustomerPicker label="Customer" value={value} onChange={setValue} />
      <output aria-label="Chosen">{value ? `${value.id}: ${value.name}` : 'none'}</output>
    </>
  );
}

/** The demo shop plus 10,000 customers, as a busy shop has. */
async function bigShop(): Promise<Backend> {
  const b = await freshBackend();
  const insert = sqliteOf(b).prepare('INSERT INTO customers (name, email, phone) VALUES (?, ?, ?)');
  sqliteOf(b).transaction(() => {
    for (let i = 1; i <= 10_000; i++)
      insert.run(`Customer ${String(i).padStart(5, '0')}`, `c${i}@example.com`, `555-${String(i).padStart(4, '0')}`);
  })();
  return b;
}

async function renderPicker(b: Backend, start: { id: number; name: string } | null = null) {
  onTestFinished(() => b.close());
  const user = userEvent.setup();
  render(
    <ApiProvider api={b.api}>
      <Host start={start} />
    </ApiProvider>,
  );
  const box = screen.getByRole('combobox', { name: 'Customer' });
  return { user, box, chosen: () => screen.getByLabelText('Chosen').textContent };
}

const acme = async (b: Backend) =>
  (await b.one<{ id: number }>(`SELECT id FROM customers WHERE name = 'Acme Corp'`)).id;

describe('the customer picker', () => {
  it('finds a customer by part of the e-mail among 10,000, and picks it with the keyboard', async () => {
    const b = await bigShop();
    const { user, box, chosen } = await renderPicker(b, { id: 1, name: 'Walk-in Customer' });
    expect(box).toHaveValue('Walk-in Customer');
    expect(box).toHaveAttribute('aria-expanded', 'false');
    await user.click(box);
    await user.keyboard('acme.exa');
    const list = await screen.findByRole('listbox', { name: 'Customer matches' });
    expect(box).toHaveAttribute('aria-expanded', 'true');
    expect(
      within(list)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Acme Corp' + 'accounts@acme.example · 555-0100', 'New customer…']);
    await user.keyboard('{ArrowDown}');
    expect(box).toHaveAttribute('aria-activedescendant', within(list).getAllByRole('option')[0]!.id);
    await user.keyboard('{Enter}');
    expect(chosen()).toBe(`${await acme(b)}: Acme Corp`);
    expect(box).toHaveValue('Acme Corp');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('finds by part of a name or phone; shows a page of matches; Escape keeps the chosen customer', async () => {
    const b = await bigShop();
    const { user, box, chosen } = await renderPicker(b, { id: 1, name: 'Walk-in Customer' });
    await user.click(box);
    await user.keyboard('customer 0');
    const list = await screen.findByRole('listbox');
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(21)); // 20 matches + New customer…
    expect(within(list).getAllByRole('option')[0]).toHaveTextContent('Customer 00001');
    await user.clear(box);
    await user.keyboard('555-9876');
    await waitFor(() =>
      expect(within(screen.getByRole('listbox')).getAllByRole('option')[0]).toHaveTextContent('Customer 09876'),
    );
    await user.keyboard('{ArrowUp}{ArrowUp}{Enter}'); // up from nothing: the last option, then the match
    expect(chosen()).toBe(
      `${(await b.one<{ id: number }>(`SELECT id FROM customers WHERE name = 'Customer 09876'`)).id}: Customer 09876`,
    );
    await user.click(box);
    await user.keyboard('zzz');
    expect(await screen.findByText('No customer matches zzz.')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(box).toHaveValue('Customer 09876');
  });

  it('offers New customer… inline: the dialog saves the customer and picks it', async () => {
    const b = await freshBackend();
    const { user, box, chosen } = await renderPicker(b);
    await user.click(box);
    await user.keyboard('dana@example.com');
    const fresh = await screen.findByRole('option', { name: 'New customer…' });
    await user.click(fresh);
    const dialog = screen.getByRole('dialog', { name: 'New customer' });
    expect(within(dialog).getByLabelText('Email')).toHaveValue('dana@example.com');
    await user.type(within(dialog).getByLabelText('Name'), 'Dana Whitfield');
    await user.type(within(dialog).getByLabelText('Phone'), '555-0188');
    await user.click(within(dialog).getByRole('button', { name: 'Save customer' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const saved = await b.one<{ id: number; name: string; email: string; phone: string }>(
      `SELECT id, name, email, phone FROM customers WHERE name = 'Dana Whitfield'`,
    );
    expect(saved).toMatchObject({ email: 'dana@example.com', phone: '555-0188' });
    expect(chosen()).toBe(`${saved.id}: Dana Whitfield`);
    expect(box).toHaveValue('Dana Whitfield');
  });

  it('warns of a duplicate name and offers the existing customer, or a second one with the same name', async () => {
    const b = await freshBackend();
    const { user, box, chosen } = await renderPicker(b);
    const count = async () => (await b.one<{ n: number }>('SELECT count(*) AS n FROM customers')).n;
    const before = await count();
    await user.click(box);
    await user.keyboard('ACME corp');
    await user.click(await screen.findByRole('option', { name: 'New customer…' }));
    let dialog = screen.getByRole('dialog', { name: 'New customer' });
    expect(within(dialog).getByLabelText('Name')).toHaveValue('ACME corp');
    await user.click(within(dialog).getByRole('button', { name: 'Save customer' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Acme Corp already exists. Use the existing customer, or save a second one with the same name.',
    );
    expect(await count()).toBe(before);
    await user.click(within(dialog).getByRole('button', { name: 'Use the existing customer' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(chosen()).toBe(`${await acme(b)}: Acme Corp`);

    await user.click(box);
    await user.keyboard('Acme Corp');
    await user.click(await screen.findByRole('option', { name: 'New customer…' }));
    dialog = screen.getByRole('dialog', { name: 'New customer' });
    await user.type(within(dialog).getByLabelText('Email'), 'ap@acme.example');
    await user.click(within(dialog).getByRole('button', { name: 'Save customer' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Save a second one' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const second = (await b.one<{ id: number }>(`SELECT id FROM customers WHERE email = 'ap@acme.example'`)).id;
    expect(second).not.toBe(await acme(b));
    expect(chosen()).toBe(`${second}: Acme Corp`);
    expect(await count()).toBe(before + 1);
  });
});

describe('the Customers screen', () => {
  it('warns of a duplicate name, offering the existing customer or a second one', async () => {
    const { user, b } = await renderApp();
    const count = async () => (await b.one<{ n: number }>('SELECT count(*) AS n FROM customers')).n;
    const before = await count();
    await user.click(screen.getByRole('button', { name: 'Customers' }));
    await user.click(await screen.findByRole('button', { name: 'New customer' }));
    let dialog = screen.getByRole('dialog', { name: 'New customer' });
    await user.type(within(dialog).getByLabelText('Name'), 'jordan lee');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Jordan Lee already exists. Use the existing customer, or save a second one with the same name.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Use the existing customer' }));
    // The existing customer's page opens.
    expect(await screen.findByRole('heading', { name: /Jordan Lee/ })).toBeInTheDocument();
    expect(await count()).toBe(before);

    await user.click(screen.getByRole('button', { name: 'Customers' }));
    await user.click(await screen.findByRole('button', { name: 'New customer' }));
    dialog = screen.getByRole('dialog', { name: 'New customer' });
    await user.type(within(dialog).getByLabelText('Name'), 'Jordan Lee');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Save a second one' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await count()).toBe(before + 1);
  });
});
