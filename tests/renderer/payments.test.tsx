import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../core/contract.ts';
import type { StaffRef } from '../../core/model.ts';
import type { Backend, DemoIds } from '../support/backend.ts';
import { demoIds } from '../support/backend.ts';
import { renderApp } from './render.tsx';

// The Payments page, the Refund payment and Receive Payment dialogs and the customer's page, against the real
// backend (the store's clock is frozen at 2026-11-21).

function ok<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
}

/** A finalised invoice with one manual, untaxed line (or the unit given), dated and due as given. */
async function invoice(
  b: Backend,
  ids: DemoIds,
  customerId: number,
  invoiceDate: string,
  dueDate: string,
  priceMinor: number,
  serial?: string,
) {
  const line = serial
    ? { productId: ids.laptop, description: 'Latitude 5440 Laptop', serialIds: [ids.serial(serial)] }
    : { productId: null, description: 'Bench repair', serialIds: [] };
  return ok(
    await b.api.saveInvoice({
      draft: false,
      customerId,
      locationId: ids.main,
      invoiceDate,
      dueDate,
      lines: [{ ...line, qty: 1000, unitPriceMinor: priceMinor, taxable: false }],
    }),
  );
}

async function methodId(b: Backend, name: string) {
  const found = ok(await b.api.listPaymentMethods({})).find((m) => m.name === name);
  if (!found) throw new Error(`no method ${name}`);
  return found.id;
}

const nav = (name: string) => within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name });
const bodyRows = (table: HTMLElement) => within(table).getAllByRole('row').slice(1);
const cellTexts = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent);

describe('Payments page', () => {
  it('lists payments with their invoices, filters by customer, method and dates, and says why a list is empty', async () => {
    const { b, user } = await renderApp();
    const ids = demoIds(b);
    await user.click(nav('Payments'));
    expect(await screen.findByText('No payments yet.')).toBeInTheDocument();

    const a1 = await invoice(b, ids, ids.acme, '2026-10-01', '2026-10-31', 10_000);
    const a2 = await invoice(b, ids, ids.acme, '2026-10-05', '2026-11-04', 5_000);
    const w1 = await invoice(b, ids, ids.walkIn, '2026-11-01', '2026-11-01', 2_500);
    ok(
      await b.api.takePayment({
        invoiceId: a1.id,
        amountMinor: 4_000,
        methodId: await methodId(b, 'Check'),
        reference: 'CHK 1001',
        paidOn: '2026-10-10',
      }),
    );
    ok(await b.api.takePayment({ invoiceId: w1.id, amountMinor: 2_500, methodId: await methodId(b, 'Cash') }));
    ok(
      await b.api.receivePayment({
        customerId: ids.acme,
        amountMinor: 11_000,
        methodId: await methodId(b, 'Credit Card'),
        paidOn: '2026-11-02',
        allocations: [
          { invoiceId: a1.id, amountMinor: 6_000 },
          { invoiceId: a2.id, amountMinor: 5_000 },
        ],
      }),
    );
    // Back to the page: it reads the list again.
    await user.click(nav('Customers'));
    await user.click(nav('Payments'));
    const table = await screen.findByRole('table', { name: 'Payments' });
    await waitFor(() => expect(bodyRows(table)).toHaveLength(3));
    expect(screen.getByText('1–3 of 3')).toBeInTheDocument();
    const split = bodyRows(table).find((r) => within(r).queryByText('Credit Card'))!;
    expect(cellTexts(split).slice(0, 8)).toEqual([
      '2026-11-02',
      expect.stringMatching(/\S/),
      'Acme Corp',
      'Credit Card',
      '',
      `${a1.number} 60.00, ${a2.number} 50.00`,
      '110.00',
      '—',
    ]);
    // Each invoice it applied to opens in the editor.
    expect(within(split).getByRole('button', { name: a2.number })).toBeInTheDocument();
    expect(within(split).getByRole('button', { name: /^Refund / })).toBeEnabled();

    await user.selectOptions(screen.getByLabelText('Method'), 'Check');
    await waitFor(() => expect(bodyRows(table)).toHaveLength(1));
    expect(cellTexts(bodyRows(table)[0]!).slice(3, 7)).toEqual(['Check', 'CHK 1001', a1.number, '40.00']);
    await user.selectOptions(screen.getByLabelText('Method'), 'All methods');
    await user.selectOptions(screen.getByLabelText('Customer'), 'Walk-in Customer');
    await waitFor(() => expect(bodyRows(table)).toHaveLength(1));
    expect(cellTexts(bodyRows(table)[0]!)[2]).toBe('Walk-in Customer');
    await user.selectOptions(screen.getByLabelText('Customer'), 'Jordan Lee');
    expect(await screen.findByText('No payments match these filters.')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Customer'), 'All customers');

    await user.type(screen.getByLabelText('From'), '2026-10-01');
    await user.type(screen.getByLabelText('To'), '2026-10-31');
    const dated = await screen.findByRole('table', { name: 'Payments' });
    await waitFor(() => expect(bodyRows(dated)).toHaveLength(1));
    expect(cellTexts(bodyRows(dated)[0]!)[0]).toBe('2026-10-10');
    await user.clear(screen.getByLabelText('From'));
    await user.type(screen.getByLabelText('From'), '2026-11-15');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'From is after To: choose a From date on or before the To date.',
    );
    expect(screen.queryByRole('table', { name: 'Payments' })).not.toBeInTheDocument();

    await user.clear(screen.getByLabelText('From'));
    await user.clear(screen.getByLabelText('To'));

    // Receive payment from this page asks whose payment it is first.
    await user.click(screen.getByRole('button', { name: 'Receive payment' }));
    const receive = screen.getByRole('dialog', { name: 'Receive Payment' });
    await user.selectOptions(within(receive).getByLabelText('Customer'), 'Jordan Lee');
    expect(await within(receive).findByText('No open invoices.')).toBeInTheDocument();
    await user.click(within(receive).getByRole('button', { name: 'Cancel' }));

    const all = await screen.findByRole('table', { name: 'Payments' });
    await waitFor(() => expect(bodyRows(all)).toHaveLength(3));
    await user.click(within(all).getByRole('button', { name: a2.number }));
    expect(await screen.findByRole('heading', { name: new RegExp(a2.number) })).toBeInTheDocument();
  });
});

describe('Refund payment', () => {
  it('refunds part of a payment, lists it, refuses more than remains and offers no store credit to walk-in', async () => {
    const { b, user } = await renderApp();
    const ids = demoIds(b);
    const inv = await invoice(b, ids, ids.acme, '2026-11-01', '2026-11-30', 10_000);
    const walk = await invoice(b, ids, ids.walkIn, '2026-11-01', '2026-11-01', 2_500);
    ok(await b.api.takePayment({ invoiceId: inv.id, amountMinor: 10_000, methodId: await methodId(b, 'Check') }));
    ok(await b.api.takePayment({ invoiceId: walk.id, amountMinor: 2_500, methodId: await methodId(b, 'Cash') }));
    await user.click(nav('Payments'));
    const table = await screen.findByRole('table', { name: 'Payments' });
    await waitFor(() => expect(bodyRows(table)).toHaveLength(2));
    const acmeRow = () => bodyRows(table).find((r) => within(r).queryByText('Acme Corp'))!;

    await user.click(within(acmeRow()).getByRole('button', { name: /^Refund / }));
    let dialog = screen.getByRole('dialog', { name: 'Refund payment' });
    const amount = within(dialog).getByLabelText('Amount');
    expect(amount).toHaveValue('100.00');
    expect(within(dialog).getByLabelText('Original method')).toBeChecked();
    expect(within(dialog).getByLabelText('Method')).toHaveDisplayValue('Check');
    expect(within(dialog).getByLabelText('Store credit')).toBeEnabled();
    // A text that is not an amount is refused at the field.
    await user.clear(amount);
    await user.type(amount, '12,5x');
    await user.click(within(dialog).getByRole('button', { name: 'Record refund' }));
    expect(amount).toHaveAttribute('aria-invalid', 'true');
    expect(amount).toHaveAccessibleDescription(/12,5x is not an amount in en-US/);
    expect(within(dialog).getByRole('alert')).toHaveTextContent(/12,5x is not an amount in en-US/); // announced
    await user.clear(amount);
    await user.type(amount, '30');
    await user.type(within(dialog).getByLabelText('Reference'), 'returned deposit');
    await user.click(within(dialog).getByRole('button', { name: 'Record refund' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByRole('status')).toHaveTextContent(/Refunded 30\.00 of PAY-\S+ \(Acme Corp\)\./);
    await waitFor(() => expect(cellTexts(acmeRow())[7]).toBe('30.00'));
    expect(ok(await b.api.getInvoice({ id: inv.id }))).toMatchObject({ status: 'partial', balanceMinor: 3_000 });

    // What remains is the default; more than that is refused in the dialog.
    await user.click(within(acmeRow()).getByRole('button', { name: /^Refund / }));
    dialog = screen.getByRole('dialog', { name: 'Refund payment' });
    expect(within(dialog).getByLabelText('Amount')).toHaveValue('70.00');
    await user.clear(within(dialog).getByLabelText('Amount'));
    await user.type(within(dialog).getByLabelText('Amount'), '80');
    await user.click(within(dialog).getByRole('button', { name: 'Record refund' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      /Refund exceeds what was paid: at most .*70\.00 can be refunded/,
    );
    // The rest to store credit.
    await user.clear(within(dialog).getByLabelText('Amount'));
    await user.type(within(dialog).getByLabelText('Amount'), '70');
    await user.click(within(dialog).getByLabelText('Store credit'));
    expect(within(dialog).queryByLabelText('Method')).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Record refund' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(cellTexts(acmeRow())[7]).toBe('100.00'));
    expect(within(acmeRow()).getByRole('button', { name: /^Refund / })).toBeDisabled();
    expect(ok(await b.api.getCustomerAccount({ id: ids.acme })).creditMinor).toBe(7_000);

    // The walk-in customer cannot hold store credit: the choice is disabled, with the reason.
    const walkRow = bodyRows(table).find((r) => within(r).queryByText('Walk-in Customer'))!;
    await user.click(within(walkRow).getByRole('button', { name: /^Refund / }));
    dialog = screen.getByRole('dialog', { name: 'Refund payment' });
    await waitFor(() => expect(within(dialog).getByLabelText('Store credit')).toBeDisabled());
    expect(within(dialog).getByLabelText('Store credit')).toHaveAccessibleDescription(
      'The walk-in customer cannot hold store credit.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
  });

  it("asks for a manager's PIN when a cashier refunds, and records the refund once approved", async () => {
    const { b, user } = await renderApp();
    const ids = demoIds(b);
    const inv = await invoice(b, ids, ids.acme, '2026-11-01', '2026-11-30', 10_000);
    ok(await b.api.takePayment({ invoiceId: inv.id, amountMinor: 10_000, methodId: await methodId(b, 'Check') }));
    b.ctx.session = { staff: await b.one<StaffRef>(`SELECT id, name, role FROM staff WHERE name = 'Casey Cashier'`) };
    await user.click(nav('Payments'));
    const table = await screen.findByRole('table', { name: 'Payments' });
    await waitFor(() => expect(bodyRows(table)).toHaveLength(1));
    await user.click(within(bodyRows(table)[0]!).getByRole('button', { name: /^Refund / }));
    const dialog = screen.getByRole('dialog', { name: 'Refund payment' });
    await user.clear(within(dialog).getByLabelText('Amount'));
    await user.type(within(dialog).getByLabelText('Amount'), '25');
    await user.click(within(dialog).getByRole('button', { name: 'Record refund' }));
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(approval).toHaveTextContent(`Needs a manager: refunding $25.00 on ${inv.number}.`);
    expect(await b.all('SELECT id FROM refunds')).toEqual([]);
    await user.type(within(approval).getByLabelText('Manager PIN'), '2222{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByRole('status')).toHaveTextContent(/Refunded 25\.00 of PAY-\S+ \(Acme Corp\)\./);
    expect(await b.all('SELECT amount_minor, actor FROM refunds')).toEqual([
      { amount_minor: 2_500, actor: 'Casey Cashier' },
    ]);
    expect(ok(await b.api.getInvoice({ id: inv.id }))).toMatchObject({ status: 'partial', balanceMinor: 2_500 });
  });
});

describe('Receive Payment and the customer page', () => {
  it('splits one amount oldest first, keeps an edited part, and keeps the remainder as store credit', async () => {
    const { b, user } = await renderApp();
    const ids = demoIds(b);
    const oldest = await invoice(b, ids, ids.acme, '2026-09-01', '2026-09-01', 10_000);
    const middle = await invoice(b, ids, ids.acme, '2026-10-15', '2026-11-14', 5_000);
    const newest = await invoice(b, ids, ids.acme, '2026-11-20', '2026-12-20', 8_000);

    await user.click(nav('Customers'));
    await user.click(await screen.findByRole('button', { name: 'Open Acme Corp' }));
    expect(await screen.findByRole('heading', { name: 'Acme Corp', level: 1 })).toBeInTheDocument();
    expect(nav('Customers')).toHaveAttribute('aria-current', 'page');
    await user.click(screen.getByRole('button', { name: 'Receive payment' }));
    const dialog = screen.getByRole('dialog', { name: 'Receive Payment' });
    const part = (number: string) => within(dialog).getByLabelText(`Apply to ${number}`);
    await within(dialog).findByRole('table', { name: 'Open invoices' });
    expect(bodyRows(within(dialog).getByRole('table', { name: 'Open invoices' })).map((r) => cellTexts(r)[0])).toEqual([
      oldest.number,
      middle.number,
      newest.number,
    ]);

    const amount = within(dialog).getByLabelText('Amount');
    await user.type(amount, '120');
    expect(part(oldest.number)).toHaveValue('100.00');
    expect(part(middle.number)).toHaveValue('20.00');
    expect(part(newest.number)).toHaveValue('0.00');
    expect(within(dialog).getByText('Remainder: $0.00')).toBeInTheDocument();
    await user.clear(amount);
    await user.type(amount, '200');
    expect([part(oldest.number), part(middle.number), part(newest.number)].map((i) => i.getAttribute('value'))).toEqual(
      ['100.00', '50.00', '50.00'],
    );

    // Editing a part stops the split from following the amount.
    await user.clear(part(newest.number));
    await user.type(part(newest.number), '20');
    expect(within(dialog).getByText('Remainder: $30.00')).toBeInTheDocument();
    await user.clear(amount);
    await user.type(amount, '210');
    expect(part(oldest.number)).toHaveValue('100.00');
    expect(part(newest.number)).toHaveValue('20');
    expect(within(dialog).getByText('Remainder: $40.00')).toBeInTheDocument();

    await user.type(within(dialog).getByLabelText('Reference'), 'wire 7781');
    await user.click(within(dialog).getByRole('button', { name: 'Record payment' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      /40\.00 of the .*210\.00 is not allocated to any invoice/,
    );
    await user.click(within(dialog).getByLabelText('Keep the remainder as store credit'));
    await user.click(within(dialog).getByRole('button', { name: 'Record payment' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByRole('status')).toHaveTextContent(/Recorded PAY-\S+: \$210\.00\./);

    // The page reads again: owed 230.00 − 170.00, credit 40.00, one payment on three invoices.
    await waitFor(() => expect(screen.getByText('Balance owed').nextElementSibling).toHaveTextContent('$60.00'));
    expect(screen.getByText('Store credit', { selector: 'dt' }).nextElementSibling).toHaveTextContent('$40.00');
    const payments = screen.getByRole('table', { name: 'Payments' });
    expect(bodyRows(payments)).toHaveLength(1);
    expect(cellTexts(bodyRows(payments)[0]!)[4]).toBe(
      `${oldest.number} 100.00, ${middle.number} 50.00, ${newest.number} 20.00, 40.00 to store credit`,
    );
    const ledger = screen.getByRole('table', { name: 'Store credit' });
    expect(cellTexts(bodyRows(ledger)[0]!).slice(1)).toEqual([
      expect.stringMatching(/^Payment remainder kept as credit/),
      expect.stringMatching(/^PAY-/),
      '40.00',
      '40.00',
    ]);
    const invoices = screen.getByRole('table', { name: 'Invoices' });
    const statusOf = (number: string) =>
      cellTexts(bodyRows(invoices).find((r) => within(r).queryByRole('button', { name: number }))!)[3];
    expect(statusOf(oldest.number)).toBe('Paid');
    expect(statusOf(newest.number)).toBe('Partial');

    // A refund on a payment that applied to several invoices names which one; its part is the default amount.
    await user.click(within(payments).getByRole('button', { name: /^Refund / }));
    const refund = screen.getByRole('dialog', { name: 'Refund payment' });
    await user.selectOptions(within(refund).getByLabelText('Invoice'), `${middle.number}: 50.00 refundable`);
    expect(within(refund).getByLabelText('Amount')).toHaveValue('50.00');
    await user.click(within(refund).getByRole('button', { name: 'Record refund' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByText('Balance owed').nextElementSibling).toHaveTextContent('$110.00'));
    expect(statusOf(middle.number)).toBe('SentOverdue'); // due 2026-11-14
  });

  it('announces a refused Apply part and links the message to its field', async () => {
    const { b, user } = await renderApp();
    const ids = demoIds(b);
    const inv = await invoice(b, ids, ids.acme, '2026-11-01', '2026-11-30', 10_000);
    await user.click(nav('Customers'));
    await user.click(await screen.findByRole('button', { name: 'Open Acme Corp' }));
    await user.click(await screen.findByRole('button', { name: 'Receive payment' }));
    const dialog = screen.getByRole('dialog', { name: 'Receive Payment' });
    await within(dialog).findByRole('table', { name: 'Open invoices' });
    await user.type(within(dialog).getByLabelText('Amount'), '50');
    const part = within(dialog).getByLabelText(`Apply to ${inv.number}`);
    await user.clear(part);
    await user.type(part, '12,5x');
    await user.click(within(dialog).getByRole('button', { name: 'Record payment' }));
    const message = /12,5x is not an amount in en-US/;
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(message);
    expect(part).toHaveAttribute('aria-invalid', 'true');
    expect(part).toHaveAccessibleDescription(message);
    expect(await b.one('SELECT count(*) AS n FROM payments')).toEqual({ n: 0 });
  });

  it('shows what the customer owes with aging, their credit and the units they bought, each linking to its history', async () => {
    const { b, user } = await renderApp();
    const ids = demoIds(b);
    // Due 2026-09-01: 81 days late on 2026-11-21 (61–90); due 2026-11-10: 11 days (1–30); due 2026-12-01: current.
    const late = await invoice(b, ids, ids.acme, '2026-08-20', '2026-09-01', 120_000, 'DL5440-0001');
    await invoice(b, ids, ids.acme, '2026-11-01', '2026-11-10', 5_000);
    const current = await invoice(b, ids, ids.acme, '2026-11-20', '2026-12-01', 2_000);
    ok(
      await b.api.takePayment({
        invoiceId: current.id,
        amountMinor: 2_500,
        methodId: await methodId(b, 'Cash'),
        excessToCredit: true,
      }),
    );

    await user.click(nav('Customers'));
    await user.click(await screen.findByRole('button', { name: 'Open Acme Corp' }));
    await screen.findByRole('heading', { name: 'Acme Corp', level: 1 });
    expect(screen.getByText('Balance owed').nextElementSibling).toHaveTextContent('$1,250.00');
    expect(screen.getByText('Store credit', { selector: 'dt' }).nextElementSibling).toHaveTextContent('$5.00');
    const aging = screen.getByRole('table', { name: 'Aging' });
    expect(
      within(aging)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Current', '1–30 days', '31–60 days', '61–90 days', '90+ days']);
    expect(cellTexts(bodyRows(aging)[0]!)).toEqual(['0.00', '50.00', '0.00', '1,200.00', '0.00']);

    const invoices = screen.getByRole('table', { name: 'Invoices' });
    expect(bodyRows(invoices)).toHaveLength(3);
    const lateRow = bodyRows(invoices).find((r) => within(r).queryByRole('button', { name: late.number }))!;
    expect(cellTexts(lateRow).slice(1)).toEqual(['2026-08-20', '2026-09-01', 'SentOverdue', '1,200.00', '1,200.00']);
    const ledger = screen.getByRole('table', { name: 'Store credit' });
    expect(cellTexts(bodyRows(ledger)[0]!).slice(1)).toEqual([
      expect.stringMatching(/^Overpayment kept as credit/),
      expect.stringContaining(current.number),
      '5.00',
      '5.00',
    ]);

    const units = screen.getByRole('table', { name: 'Units bought' });
    expect(cellTexts(bodyRows(units)[0]!)).toEqual(['DL5440-0001', 'Latitude 5440 Laptop', 'Sold', late.number]);
    await user.click(within(units).getByRole('button', { name: 'DL5440-0001' }));
    expect(await screen.findByRole('heading', { name: 'Serial DL5440-0001' })).toBeInTheDocument();
  });
});
