import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../core/model.ts';
import { useNav } from '../../renderer/stores/nav.ts';
import { demoIds, freshBackend, sqliteOf, type Backend } from '../support/backend.ts';
import { renderApp } from './render.tsx';

const PAID_LOCKED = 'Cannot modify paid invoice — void it instead.';

/** A finalised sale of laptop DL5440-0001 (1,249.00 + 7.5 % = 1,342.68) to the customer named. */
async function laptopSale(
  b: Backend,
  customer: 'acme' | 'walkIn',
  dates: { invoiceDate: string; terms?: string } = { invoiceDate: '2026-11-21' },
): Promise<Invoice> {
  const ids = demoIds(b);
  const outcome = await b.api.saveInvoice({
    customerId: ids[customer],
    locationId: ids.main,
    ...dates,
    lines: [
      {
        productId: ids.laptop,
        description: 'Latitude 5440 Laptop',
        qty: 1000,
        unitPriceMinor: 124_900,
        taxable: true,
        serialIds: [ids.serial('DL5440-0001')],
      },
      {
        productId: ids.cable,
        description: 'USB-C Cable 2m',
        qty: 2000,
        unitPriceMinor: 0,
        taxable: true,
        serialIds: [],
      },
    ],
  });
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
}

/** The editor on a saved invoice, as the Invoices page opens it. */
async function open(invoice: Invoice) {
  act(() => useNav.getState().go({ name: 'invoice', invoiceId: invoice.id }));
  await screen.findByRole('heading', { name: `Invoice ${invoice.number}` });
}

const badges = () => screen.getByRole('heading', { level: 1 }).parentElement!.querySelector('.invoice-badges');

describe('Save draft and Save', () => {
  it('saves a draft (units Reserved), then finalises it: Draft → Sent, units Sold, read-only until Edit', async () => {
    const { user, scan, b, chooseCustomer } = await renderApp();
    await scan('SN:DL5440-0001');
    await chooseCustomer('Acme Corp');
    expect(screen.getByLabelText('Terms')).toHaveDisplayValue('Due on receipt');
    await user.selectOptions(screen.getByLabelText('Terms'), 'Net 30');
    expect(screen.getByLabelText('Due date')).toHaveValue(
      new Date(Date.parse(`${(screen.getByLabelText('Date') as HTMLInputElement).value}T00:00:00Z`) + 30 * 86_400_000)
        .toISOString()
        .slice(0, 10),
    );
    expect(screen.queryByRole('button', { name: 'Take payment' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await screen.findByRole('heading', { name: 'Invoice INV-000001' });
    expect(screen.getByRole('status')).toHaveTextContent('Saved draft INV-000001. Total 1,342.68.');
    expect(badges()).toHaveTextContent('Draft');
    expect(await b.one(`SELECT status FROM serials WHERE serial = 'DL5440-0001'`)).toEqual({ status: 'reserved' });
    expect(await b.one('SELECT status, terms FROM invoices')).toEqual({ status: 'draft', terms: 'Net 30' });
    expect(screen.queryByRole('button', { name: 'Take payment' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Saved INV-000001. Total 1,342.68.'));
    expect(badges()).toHaveTextContent('Sent');
    expect(await b.one(`SELECT status FROM serials WHERE serial = 'DL5440-0001'`)).toEqual({ status: 'sold' });
    expect(screen.queryByRole('button', { name: 'Save draft' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.getByLabelText('Customer')).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Take payment' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Quick pay' })).toBeEnabled();
    expect(
      within(screen.getByRole('table', { name: 'Totals' })).getByRole('row', { name: /Balance due/ }),
    ).toHaveTextContent('$1,342.68');
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    expect(screen.queryByRole('button', { name: 'Save draft' })).toBeNull(); // a sent invoice is not a draft again
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();
    expect(screen.getByLabelText('Customer')).toBeEnabled();
  });

  it('refuses a unit another draft has reserved, naming the draft', async () => {
    const b = await freshBackend();
    const ids = demoIds(b);
    const draft = await b.api.saveInvoice({
      draft: true,
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
    expect(draft.ok).toBe(true);
    const { scan, rows } = await renderApp(b);
    await scan('SN:DL5440-0001');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'DL5440-0001 (Latitude 5440 Laptop) is reserved on draft INV-000001.',
    );
    expect(rows()).toHaveLength(0);
  });

  it('validates serials on Save draft too, naming the lines', async () => {
    const { user, scan, b } = await renderApp();
    await scan('LAT-5440');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Not saved. Capture serials for: Latitude 5440 Laptop (0/1).');
    expect(await b.one('SELECT count(*) AS n FROM invoices')).toEqual({ n: 0 });
  });
});

describe('lines', () => {
  it('adds a manual item with a decimal quantity: 1.5 × 33.33 = 50.00 (half-up), stored as 1500 thousandths', async () => {
    const { user, b, total } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Add manual item' }));
    const name = screen.getByLabelText('Name of Manual item 1');
    expect(name).toHaveFocus();
    await user.type(name, 'Labour');
    await user.clear(screen.getByLabelText('Qty for Manual item 1'));
    await user.type(screen.getByLabelText('Qty for Manual item 1'), '1.5');
    await user.clear(screen.getByLabelText('Unit price for Manual item 1'));
    await user.type(screen.getByLabelText('Unit price for Manual item 1'), '33.33');
    await user.click(screen.getByLabelText('Taxable for Manual item 1'));
    expect(screen.queryByRole('button', { name: /Serials for/ })).toBeNull();
    expect(total(/Subtotal/)).toHaveTextContent('50.00');
    expect(total(/^Total/)).toHaveTextContent('$50.00');

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { name: 'Invoice INV-000001' });
    expect(await b.one('SELECT product_id, description, qty, taxable, line_total_minor FROM invoice_lines')).toEqual({
      product_id: null,
      description: 'Labour',
      qty: 1500,
      taxable: 0,
      line_total_minor: 5000,
    });
    expect(screen.getByLabelText('Qty for Manual item 1')).toHaveValue('1.5');
  });

  it('keeps serial-tracked lines to whole units and refuses a nameless manual item', async () => {
    const { user, scan } = await renderApp();
    await scan('SN:DL5440-0001');
    const qty = screen.getByLabelText('Qty for Latitude 5440 Laptop');
    await user.clear(qty);
    await user.type(qty, '1.5');
    expect(qty).toHaveAccessibleDescription('A whole number from 1: each unit has its own serial.');
    await user.click(screen.getByRole('button', { name: 'Add manual item' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Not saved. Fix the name of Manual item 1, the quantity of Latitude 5440 Laptop (a whole number from 1).',
    );
  });

  it('shows a tax row per rate; a saved line keeps the rate it was saved with after the rate changes', async () => {
    const { user, scan, b, total } = await renderApp();
    await scan('USBC-2M');
    await scan('LAB-ONSITE');
    expect(screen.getByLabelText('Tax rate for USB-C Cable 2m')).toHaveDisplayValue('Sales tax 7.5%');
    await user.selectOptions(screen.getByLabelText('Tax rate for USB-C Cable 2m'), 'Reduced 5%');
    // 19.99 at 5 % = 1.00 (0.9995 half-up); 125.00 at 7.5 % = 9.38 (9.375 half-up).
    expect(total(/Sales tax 7\.5%/)).toHaveTextContent('9.38');
    expect(total(/Reduced 5%/)).toHaveTextContent('1.00');
    expect(total(/^Total/)).toHaveTextContent('$155.37');

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { name: 'Invoice INV-000001' });
    expect(await b.all('SELECT tax_rate_name, tax_rate_bp FROM invoice_lines ORDER BY position')).toEqual([
      { tax_rate_name: 'Reduced 5%', tax_rate_bp: 500 },
      { tax_rate_name: 'Sales tax 7.5%', tax_rate_bp: 750 },
    ]);

    const reduced = (await b.one<{ id: number }>(`SELECT id FROM tax_rates WHERE name = 'Reduced 5%'`)).id;
    expect((await b.api.saveTaxRate({ id: reduced, name: 'Reduced 6%', rateBp: 600 })).ok).toBe(true);
    const invoiceId = (await b.one<{ id: number }>('SELECT id FROM invoices')).id;
    act(() => useNav.getState().go({ name: 'invoices' }));
    await open({ id: invoiceId, number: 'INV-000001' } as Invoice);
    expect(screen.getByLabelText('Tax rate for USB-C Cable 2m')).toHaveDisplayValue('Reduced 5% (as saved)');
    expect(total(/Reduced 5%/)).toHaveTextContent('1.00');
  });
});

describe('an archived tax rate', () => {
  it("is not used for a new line (the product's archived rate gives way to the shop default); a saved line shows it as saved", async () => {
    const b = await freshBackend();
    const ids = demoIds(b);
    const reduced = (await b.one<{ id: number }>(`SELECT id FROM tax_rates WHERE name = 'Reduced 5%'`)).id;
    sqliteOf(b).prepare('UPDATE products SET tax_rate_id = ? WHERE id = ?').run(reduced, ids.cable);
    const earlier = await b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-20',
      lines: [
        {
          productId: ids.cable,
          description: 'USB-C Cable 2m',
          qty: 1000,
          unitPriceMinor: 1999,
          taxable: true,
          taxRateId: reduced,
          serialIds: [],
        },
      ],
    });
    if (!earlier.ok) throw new Error(earlier.error.message);
    expect((await b.api.saveTaxRate({ id: reduced, name: 'Reduced 5%', rateBp: 500, archived: true })).ok).toBe(true);

    const { user, scan } = await renderApp(b);
    const rate = () => screen.getByLabelText('Tax rate for USB-C Cable 2m');
    const optionTexts = () =>
      within(rate())
        .getAllByRole('option')
        .map((o) => o.textContent);
    await scan('USBC-2M');
    await waitFor(() => expect(rate()).toHaveDisplayValue('Sales tax 7.5%'));
    expect(optionTexts()).not.toContain('Reduced 5%');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { name: 'Invoice INV-000002' });
    expect(
      await b.one(`SELECT tax_rate_name FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE i.number = 'INV-000002'`),
    ).toEqual({ tax_rate_name: 'Sales tax 7.5%' });

    await open(earlier.value);
    await waitFor(() => expect(rate()).toHaveDisplayValue('Reduced 5% (as saved)'));
    expect(optionTexts()).not.toContain('Reduced 5%');
  });
});

describe('a paid invoice', () => {
  it('is shown read-only with the reason; only Void is offered', async () => {
    const b = await freshBackend();
    const invoice = await laptopSale(b, 'acme');
    expect((await b.api.quickPay({ id: invoice.id })).ok).toBe(true);
    await renderApp(b);
    await open(invoice);
    expect(screen.getByText(PAID_LOCKED)).toBeInTheDocument();
    expect(badges()).toHaveTextContent('Paid');
    expect(screen.getByLabelText('Qty for USB-C Cable 2m')).toBeDisabled();
    expect(screen.getByLabelText('Unit price for Latitude 5440 Laptop')).toBeDisabled();
    expect(screen.getByLabelText('Customer')).toBeDisabled();
    expect(screen.getByLabelText('Item search')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save draft' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Take payment' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remove USB-C Cable 2m' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Void invoice' })).toBeEnabled();
    const payments = screen.getByRole('table', { name: 'Payments on this invoice' });
    expect(within(payments).getAllByRole('row')[1]).toHaveTextContent(/Cash.*1,342\.68/);
  });
});

describe('a sent invoice', () => {
  it('shows a red Overdue badge past its due date, and Quick pay marks it paid in full with the default method', async () => {
    const b = await freshBackend();
    // Net 15 from October 1st: due October 16th, overdue on the frozen day (November 21st).
    const invoice = await laptopSale(b, 'acme', { invoiceDate: '2026-10-01', terms: 'Net 15' });
    const { user } = await renderApp(b);
    await open(invoice);
    expect(screen.getByLabelText('Terms')).toHaveDisplayValue('Net 15');
    expect(screen.getByLabelText('Due date')).toHaveValue('2026-10-16');
    expect(badges()).toHaveTextContent('SentOverdue');
    expect(badges()!.querySelector('.invoice-overdue')).toHaveTextContent('Overdue');

    await user.click(screen.getByRole('button', { name: 'Quick pay' }));
    await waitFor(() => expect(badges()).toHaveTextContent('Paid'));
    expect(badges()).not.toHaveTextContent('Overdue');
    expect(screen.getByRole('status')).toHaveTextContent('INV-000001 is paid in full ($1,342.68).');
    expect(
      await b.one('SELECT m.name, p.amount_minor FROM payments p JOIN payment_methods m ON m.id = p.method_id'),
    ).toEqual({
      name: 'Cash',
      amount_minor: 134_268,
    });
  });

  it('waits for unsaved changes before money actions, and refuses an edit below what was paid, saying why', async () => {
    const b = await freshBackend();
    const invoice = await laptopSale(b, 'acme');
    const cash = (await b.one<{ id: number }>(`SELECT id FROM payment_methods WHERE name = 'Cash'`)).id;
    expect((await b.api.takePayment({ invoiceId: invoice.id, amountMinor: 100_000, methodId: cash })).ok).toBe(true);
    const { user } = await renderApp(b);
    await open(invoice);
    expect(badges()).toHaveTextContent('Partial');
    const price = screen.getByLabelText('Unit price for Latitude 5440 Laptop');
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    await user.clear(price);
    await user.type(price, '500.00');
    const pay = screen.getByRole('button', { name: 'Take payment' });
    expect(pay).toBeDisabled();
    expect(pay).toHaveAccessibleDescription('Save your changes before taking payment or voiding.');
    expect(screen.getByRole('button', { name: 'Void invoice' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'INV-000001 has $1,000.00 paid; this edit would make its total $537.50. An invoice cannot total less than what ' +
        'was paid: refund part of the payment first.',
    );
    expect(price).toHaveValue('500.00'); // nothing typed is lost
    expect(await b.one('SELECT total_minor FROM invoices')).toEqual({ total_minor: 134_268 });
  });
});

describe('the Take Payment dialog', () => {
  it('takes a partial payment, refuses an overpayment keeping what was typed, then keeps the excess as credit', async () => {
    const b = await freshBackend();
    const invoice = await laptopSale(b, 'acme');
    const { user } = await renderApp(b);
    await open(invoice);

    await user.click(screen.getByRole('button', { name: 'Take payment' }));
    let dialog = screen.getByRole('dialog', { name: 'Take Payment' });
    expect(within(dialog).getByLabelText('Amount')).toHaveValue('1342.68');
    await waitFor(() => expect(within(dialog).getByLabelText('Method')).toHaveDisplayValue('Cash'));
    expect((within(dialog).getByLabelText('Date') as HTMLInputElement).value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await user.clear(within(dialog).getByLabelText('Amount'));
    await user.type(within(dialog).getByLabelText('Amount'), '500.00');
    await user.selectOptions(within(dialog).getByLabelText('Method'), 'Check');
    await user.type(within(dialog).getByLabelText('Reference'), 'CHK 1001');
    await user.click(within(dialog).getByRole('button', { name: 'Record payment' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByRole('status')).toHaveTextContent('Recorded $500.00 on INV-000001. Balance due $842.68.');
    expect(badges()).toHaveTextContent('Partial');

    await user.click(screen.getByRole('button', { name: 'Take payment' }));
    dialog = screen.getByRole('dialog', { name: 'Take Payment' });
    expect(within(dialog).getByLabelText('Amount')).toHaveValue('842.68');
    await user.clear(within(dialog).getByLabelText('Amount'));
    await user.type(within(dialog).getByLabelText('Amount'), '900');
    await user.click(within(dialog).getByRole('button', { name: 'Record payment' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Payment exceeds balance');
    expect(within(dialog).getByLabelText('Amount')).toHaveValue('900');
    expect(await b.one('SELECT count(*) AS n FROM payments')).toEqual({ n: 1 });

    await user.click(within(dialog).getByRole('checkbox', { name: 'Keep the excess as store credit' }));
    await user.click(within(dialog).getByRole('button', { name: 'Record payment' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(badges()).toHaveTextContent('Paid');
    expect(screen.getByText(PAID_LOCKED)).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      "Recorded $900.00 on INV-000001. Balance due $0.00. $57.32 kept as Acme Corp's store credit.",
    );
    expect(await b.one(`SELECT sum(amount_minor) AS credit FROM store_credit`)).toEqual({ credit: 5732 });
  });

  it('does not offer store credit to the walk-in customer, and says why', async () => {
    const b = await freshBackend();
    const invoice = await laptopSale(b, 'walkIn');
    const { user } = await renderApp(b);
    await open(invoice);
    await user.click(screen.getByRole('button', { name: 'Take payment' }));
    const dialog = screen.getByRole('dialog', { name: 'Take Payment' });
    const box = within(dialog).getByRole('checkbox', { name: 'Keep the excess as store credit' });
    expect(box).toBeDisabled();
    expect(box).toHaveAccessibleDescription('The walk-in customer cannot hold store credit.');
  });
});

describe('the Void dialog', () => {
  it('names what will happen, makes the user choose about payments (no credit for walk-in) and refunds them', async () => {
    const b = await freshBackend();
    const invoice = await laptopSale(b, 'walkIn');
    expect((await b.api.quickPay({ id: invoice.id })).ok).toBe(true);
    const { user } = await renderApp(b);
    await open(invoice);

    await user.click(screen.getByRole('button', { name: 'Void invoice' }));
    const dialog = screen.getByRole('dialog', { name: 'Void invoice INV-000001?' });
    const effects = within(dialog).getByRole('list', { name: 'What voiding does' });
    expect(effects).toHaveTextContent('Its status becomes Void');
    expect(effects).toHaveTextContent('1 serial goes back in stock at Main Store: DL5440-0001 (Latitude 5440 Laptop).');
    expect(effects).toHaveTextContent('Stock is returned for USB-C Cable 2m × 2.');
    expect(effects).toHaveTextContent('It keeps its number, INV-000001');
    const credit = within(dialog).getByRole('radio', { name: 'Keep as store credit' });
    expect(credit).toBeDisabled();
    expect(credit).toHaveAccessibleDescription('The walk-in customer cannot hold store credit.');

    await user.click(within(dialog).getByRole('button', { name: 'Void invoice' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Choose what happens to the $1,342.68 paid');
    await user.click(within(dialog).getByRole('radio', { name: 'Refund the payments' }));
    expect(within(dialog).getByRole('radio', { name: "Each payment's own method" })).toBeChecked();
    expect(within(dialog).getByRole('list', { name: 'Refunds by payment' })).toHaveTextContent(
      'PAY-000001 Cash 1,342.68',
    );
    await user.type(within(dialog).getByLabelText('Reference'), 'Drawer 2');
    await user.click(within(dialog).getByRole('button', { name: 'Void invoice' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    expect(badges()).toHaveTextContent('Void');
    expect(screen.getByText('This invoice is void: it cannot be changed.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Void invoice' })).toBeNull();
    expect(await b.one(`SELECT status FROM serials WHERE serial = 'DL5440-0001'`)).toEqual({ status: 'in_stock' });
    expect(await b.one('SELECT amount_minor, reference FROM refunds')).toEqual({
      amount_minor: 134_268,
      reference: 'Drawer 2',
    });
    expect(await b.one('SELECT status, number FROM invoices')).toEqual({ status: 'void', number: 'INV-000001' });
  });
  it('refunds each payment by its own method by default (a card payment to the card), or all by one method', async () => {
    const b = await freshBackend();
    const ids = demoIds(b);
    const method = async (name: string) =>
      (await b.one<{ id: number }>('SELECT id FROM payment_methods WHERE name = ?', name)).id;
    const refunds = () =>
      b.all('SELECT m.name, r.amount_minor FROM refunds r JOIN payment_methods m ON m.id = r.method_id ORDER BY r.id');
    const pay = async (invoice: Invoice) => {
      const card = { invoiceId: invoice.id, amountMinor: 40_000, methodId: await method('Credit Card') };
      expect((await b.api.takePayment(card)).ok).toBe(true);
      expect((await b.api.takePayment({ ...card, amountMinor: 10_000, methodId: await method('Cash') })).ok).toBe(true);
    };
    const first = await laptopSale(b, 'acme');
    await pay(first);
    const { user } = await renderApp(b);
    await open(first);
    await user.click(screen.getByRole('button', { name: 'Void invoice' }));
    let dialog = screen.getByRole('dialog', { name: 'Void invoice INV-000001?' });
    await user.click(within(dialog).getByRole('radio', { name: 'Refund the payments' }));
    expect(within(dialog).getByRole('radio', { name: "Each payment's own method" })).toBeChecked();
    expect(within(dialog).queryByLabelText('Refund method')).toBeNull();
    expect(
      within(within(dialog).getByRole('list', { name: 'Refunds by payment' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['PAY-000001 Credit Card 400.00', 'PAY-000002 Cash 100.00']);
    await user.click(within(dialog).getByRole('button', { name: 'Void invoice' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await refunds()).toEqual([
      { name: 'Credit Card', amount_minor: 40_000 },
      { name: 'Cash', amount_minor: 10_000 },
    ]);

    // One method for all: both payments go back by Check.
    const second = await b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      lines: [
        {
          productId: null,
          description: 'Bench repair',
          qty: 1000,
          unitPriceMinor: 60_000,
          taxable: false,
          serialIds: [],
        },
      ],
    });
    if (!second.ok) throw new Error(second.error.message);
    await pay(second.value);
    await open(second.value);
    await user.click(screen.getByRole('button', { name: 'Void invoice' }));
    dialog = screen.getByRole('dialog', { name: 'Void invoice INV-000002?' });
    await user.click(within(dialog).getByRole('radio', { name: 'Refund the payments' }));
    await user.click(within(dialog).getByRole('radio', { name: 'One method for all' }));
    await waitFor(() => expect(within(dialog).getByLabelText('Refund method')).toHaveDisplayValue('Cash'));
    await user.selectOptions(within(dialog).getByLabelText('Refund method'), 'Check');
    await user.click(within(dialog).getByRole('button', { name: 'Void invoice' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await refunds()).slice(2)).toEqual([
      { name: 'Check', amount_minor: 40_000 },
      { name: 'Check', amount_minor: 10_000 },
    ]);
  });

  it('does not say stock is returned when voiding a draft (a draft took none)', async () => {
    const b = await freshBackend();
    const ids = demoIds(b);
    const draft = await b.api.saveInvoice({
      draft: true,
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      lines: [
        {
          productId: ids.cable,
          description: 'USB-C Cable 2m',
          qty: 2000,
          unitPriceMinor: 1999,
          taxable: true,
          serialIds: [],
        },
      ],
    });
    if (!draft.ok) throw new Error(draft.error.message);
    const { user } = await renderApp(b);
    await open(draft.value);
    await user.click(screen.getByRole('button', { name: 'Void invoice' }));
    const effects = within(screen.getByRole('dialog', { name: 'Void invoice INV-000001?' })).getByRole('list', {
      name: 'What voiding does',
    });
    expect(effects).toHaveTextContent('Its status becomes Void');
    expect(effects).not.toHaveTextContent('Stock is returned');
  });
});
