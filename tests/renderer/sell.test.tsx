// The Sell screen against the real backend: Capture Serials opening by itself on a scan of the laptop, a whole sale by
// keyboard (scan, F12, 1,400, Enter, Enter), the closed till, hold and recall, and discounts.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StaffRef } from '../../core/model.ts';
import { quickCashAmounts } from '../../renderer/sell/quickCash.ts';
import { SMTP_URL_ENV } from '../../db/services/email.ts';
import { freshBackend, sqliteOf } from '../support/backend.ts';
import { startSmtp } from '../support/smtp.ts';
import { fakeScanner, renderApp, scanEvent } from './render.tsx';

const LAPTOP = '5901234123457';
const CABLE = '0012345678905';

async function sellScreen(options: { till?: boolean } = {}) {
  const b = await freshBackend();
  if (options.till ?? true) {
    const opened = await b.api.openTill({ floatMinor: 10_000 });
    expect(opened.ok).toBe(true);
  }
  const app = await renderApp(b, { start: 'sell' });
  const alert = () => within(screen.getByRole('region', { name: 'Sell' })).getByRole('alert');
  const status = () => within(screen.getByRole('region', { name: 'Sell' })).getByRole('status');
  return { ...app, alert, status };
}

describe('the Sell screen', () => {
  it('opens on Sell with Item search focused and the shortcuts listed', async () => {
    const { search } = await sellScreen();
    expect(screen.getByRole('heading', { name: 'Sell' })).toBeInTheDocument();
    await waitFor(() => expect(search()).toHaveFocus());
    const nav = within(screen.getByRole('navigation', { name: 'Main' }));
    expect(nav.getByRole('button', { name: 'Sell' })).toHaveAttribute('aria-current', 'page');
    expect(nav.getAllByRole('button')[0]).toHaveTextContent('Sell');
    const shortcuts = screen.getByRole('list', { name: 'Keyboard shortcuts' });
    for (const text of ['F12 Pay', 'F8 Hold', 'F9 Recall', 'F4 Customer', 'F6 Discount']) {
      expect(within(shortcuts).getByText((_, el) => el?.tagName === 'LI' && el.textContent === text)).toBeVisible();
    }
    expect(screen.getByRole('button', { name: 'Pay' })).toHaveAttribute('aria-keyshortcuts', 'F12');
    expect(screen.getByRole('combobox', { name: 'Customer' })).toHaveValue('Walk-in Customer');
  });

  it('opens Capture Serials by itself on a scan of the laptop; the next scan ticks a unit and Enter confirms', async () => {
    const { user, search, row } = await sellScreen();
    await user.type(search(), `${LAPTOP}{Enter}`);
    const dialog = await screen.findByRole('dialog', { name: 'Capture Serials' });
    expect(within(dialog).getByText('0 of 1 selected')).toBeInTheDocument();
    await waitFor(() => expect(within(dialog).getByLabelText('Filter or scan serial')).toHaveFocus());
    // The serial label's scan lands in the dialog (browser mode: typed into the focused field, then Enter).
    await user.keyboard('DL5440-0001{Enter}');
    expect(within(dialog).getByText('1 of 1 selected')).toBeInTheDocument();
    expect(within(dialog).getByRole('checkbox', { name: 'DL5440-0001' })).toBeChecked();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      within(row('Latitude 5440 Laptop')).getByRole('button', { name: 'Serials for Latitude 5440 Laptop' }),
    ).toHaveTextContent('[SN]');
    await waitFor(() => expect(search()).toHaveFocus());
  });

  it('opens Capture Serials for a scan from the scanner too, and ticks the next scanned serial', async () => {
    const scanner = fakeScanner();
    await sellScreen();
    await scanner.send(scanEvent(LAPTOP));
    const dialog = await screen.findByRole('dialog', { name: 'Capture Serials' });
    await within(dialog).findByRole('checkbox', { name: 'DL5440-0002' });
    await scanner.send(scanEvent('DL5440-0002'));
    expect(within(dialog).getByRole('checkbox', { name: 'DL5440-0002' })).toBeChecked();
    expect(within(dialog).getByText('1 of 1 selected')).toBeInTheDocument();
  });

  it('sells by keyboard alone: scan, F12, 1,400, Enter, Enter; the change, the receipt, then a new empty sale', async () => {
    const { user, search, rows, b } = await sellScreen();
    await waitFor(() => expect(search()).toHaveFocus());
    await user.keyboard(`${LAPTOP}{Enter}`);
    await screen.findByRole('dialog', { name: 'Capture Serials' });
    await user.keyboard('DL5440-0001{Enter}{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(search()).toHaveFocus());
    await user.keyboard(`${CABLE}{Enter}`);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const total = within(screen.getByRole('complementary', { name: 'Sale' }));
    expect(total.getByLabelText('Total')).toHaveTextContent('$1,364.16');

    await user.keyboard('{F12}');
    const pay = await screen.findByRole('dialog', { name: 'Payment' });
    expect(within(pay).getByLabelText('Amount due')).toHaveTextContent('$1,364.16');
    expect(within(pay).getByRole('button', { name: 'Complete sale' })).toBeDisabled();
    await waitFor(() => expect(within(pay).getByLabelText('Amount tendered')).toHaveFocus());
    await user.keyboard('1,400{Enter}');

    const done = await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(within(done).getByLabelText('Change due')).toHaveTextContent('$35.84');
    const receipt = within(done).getByLabelText(/^Receipt INV-/);
    expect(receipt).toHaveTextContent('SN: DL5440-0001');
    expect(receipt).toHaveTextContent('Cash');
    await waitFor(() => expect(within(done).getByRole('button', { name: 'New sale' })).toHaveFocus());
    expect(
      await b.one(
        'SELECT i.status, p.amount_minor, p.tendered_minor FROM invoices i JOIN payment_allocations a ON a.invoice_id = i.id JOIN payments p ON p.id = a.payment_id',
      ),
    ).toEqual({ status: 'paid', amount_minor: 136_416, tendered_minor: 140_000 });

    // A walk-in sale's receipt can be e-mailed too: the customer gives an address (To starts empty).
    await user.click(within(done).getByRole('button', { name: 'Email receipt' }));
    expect(within(done).getByRole('textbox', { name: 'To' })).toHaveValue('');
    await user.click(within(done).getByRole('button', { name: 'Email receipt' }));
    expect(within(done).queryByRole('textbox', { name: 'To' })).toBeNull();
    within(done).getByRole('button', { name: 'New sale' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(rows()).toHaveLength(0);
    expect(within(screen.getByRole('complementary', { name: 'Sale' })).getByLabelText('Total')).toHaveTextContent(
      '$0.00',
    );
    await waitFor(() => expect(search()).toHaveFocus());
  });

  it('splits a tender: a card part with its reference, the rest cash from a quick-cash button', async () => {
    const { user, search, b } = await sellScreen();
    await user.type(search(), `${CABLE}{Enter}`); // 19.99 + 7.5 % tax = 21.49
    await user.click(screen.getByRole('button', { name: 'Pay' }));
    const pay = await screen.findByRole('dialog', { name: 'Payment' });
    await user.click(within(pay).getByRole('button', { name: 'Card' }));
    const amount = within(pay).getByLabelText('Amount tendered');
    await waitFor(() => expect(amount).toHaveValue('21.49'));
    await user.clear(amount);
    await user.type(amount, '10');
    await user.type(within(pay).getByLabelText('Card reference'), 'AUTH-42');
    await user.click(within(pay).getByRole('button', { name: 'Add tender' }));
    const tenders = within(pay).getByRole('list', { name: 'Tenders' });
    expect(within(tenders).getByRole('listitem')).toHaveTextContent(/^Credit Card · AUTH-42\s*10\.00/);
    expect(within(tenders).getByRole('button', { name: 'Remove Credit Card 10.00' })).toBeInTheDocument();
    expect(within(pay).getByText('Left to pay: $11.49')).toBeInTheDocument();
    await user.click(within(pay).getByRole('button', { name: 'Card' }));
    // Choosing a tender fills in what is left to pay; wait for it before typing over it.
    await waitFor(() => expect(within(pay).getByLabelText('Amount tendered')).toHaveValue('11.49'));
    await user.clear(within(pay).getByLabelText('Amount tendered'));
    await user.type(within(pay).getByLabelText('Amount tendered'), '50');
    await user.click(within(pay).getByRole('button', { name: 'Add tender' }));
    expect(within(pay).getByRole('alert')).toHaveTextContent(
      'The Credit Card tender of $50.00 is more than the $11.49 left to pay: only cash gives change.',
    );
    await user.click(within(pay).getByRole('button', { name: 'Cash' }));
    const quick = within(within(pay).getByRole('group', { name: 'Quick cash' }));
    expect(quick.getAllByRole('button').map((x) => x.textContent)).toEqual([
      'Exact 11.49',
      '12.00',
      '20.00',
      '50.00',
      '100.00',
    ]);
    await user.click(quick.getByRole('button', { name: '20.00' }));
    expect(within(pay).getByLabelText('Change due')).toHaveTextContent('$8.51');
    await user.click(within(pay).getByRole('button', { name: 'Complete sale' }));
    const done = await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(within(done).getByLabelText('Change due')).toHaveTextContent('$8.51');
    expect(await b.all('SELECT amount_minor, tendered_minor, reference FROM payments ORDER BY id')).toEqual([
      { amount_minor: 1_000, tendered_minor: null, reference: 'AUTH-42' },
      { amount_minor: 1_149, tendered_minor: 2_000, reference: '' },
    ]);
  });

  it('completes a sale of 0.00 with Enter: no tender, Paid, a receipt with no tenders and no change', async () => {
    const { user, search, b } = await sellScreen();
    sqliteOf(b).prepare(`UPDATE products SET price_minor = 0 WHERE sku = 'USBC-2M'`).run();
    await user.type(search(), `${CABLE}{Enter}`);
    const total = within(screen.getByRole('complementary', { name: 'Sale' })).getByLabelText('Total');
    await waitFor(() => expect(total).toHaveTextContent('$0.00'));
    await user.keyboard('{F12}');
    const pay = await screen.findByRole('dialog', { name: 'Payment' });
    expect(within(pay).getByLabelText('Amount due')).toHaveTextContent('$0.00');
    await waitFor(() => expect(within(pay).getByLabelText('Amount tendered')).toHaveFocus());
    await user.keyboard('{Enter}');
    const done = await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(within(done).getByLabelText('Change due')).toHaveTextContent('$0.00');
    const paid = within(within(done).getByLabelText(/^Receipt INV-/)).getByRole('table', { name: 'Paid' });
    expect(
      within(paid)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['Change0.00']);
    expect(await b.one('SELECT status, total_minor FROM invoices')).toEqual({ status: 'paid', total_minor: 0 });
    expect(await b.all('SELECT id FROM payments')).toEqual([]);
  });

  it('attaches a customer with F4 (search by phone) and e-mails the receipt to them', async () => {
    const { user, search } = await sellScreen();
    await user.type(search(), `${CABLE}{Enter}`);
    await user.keyboard('{F4}');
    const customer = screen.getByRole('combobox', { name: 'Customer' });
    expect(customer).toHaveFocus();
    expect(customer).toHaveAttribute('aria-keyshortcuts', 'F4');
    await user.keyboard('555-0142');
    await user.click(await screen.findByRole('option', { name: /^Jordan Lee/ }));
    await waitFor(() => expect(search()).toHaveFocus());
    expect(customer).toHaveValue('Jordan Lee');
    await user.keyboard('{F12}');
    const pay = await screen.findByRole('dialog', { name: 'Payment' });
    expect(within(pay).getByRole('button', { name: /^Store credit/ })).toHaveTextContent(
      'Store credit (0.00 available)',
    );
    await user.keyboard('{Enter}');
    const done = await screen.findByRole('dialog', { name: 'Sale complete' });
    const smtp = await startSmtp();
    process.env[SMTP_URL_ENV] = smtp.url;
    try {
      await user.click(within(done).getByRole('button', { name: 'Email receipt' }));
      expect(within(done).getByRole('textbox', { name: 'To' })).toHaveValue('jordan.lee@example.com');
      await user.click(within(done).getByRole('button', { name: 'Send' }));
      // The PDF is made by a real Chromium: its first launch takes a while.
      expect(
        await within(done).findByText(/^Sent to jordan\.lee@example\.com/, undefined, { timeout: 20_000 }),
      ).toBeInTheDocument();
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.rcpt).toEqual(['jordan.lee@example.com']);
      expect(smtp.received[0]!.subject).toMatch(/^Receipt INV-000001 from /);
      expect(smtp.received[0]!.attachment?.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      delete process.env[SMTP_URL_ENV];
      await smtp.close();
    }
    await user.click(within(done).getByRole('button', { name: 'New sale' }));
    expect(screen.getByRole('combobox', { name: 'Customer' })).toHaveValue('Walk-in Customer');
  });

  it('refuses Pay without an open till, in a red strip with a way to open it, until the next action', async () => {
    const { user, search, alert } = await sellScreen({ till: false });
    await user.type(search(), `${CABLE}{Enter}`);
    await user.keyboard('{F12}');
    expect(alert()).toHaveTextContent('Open the till before taking a sale: Till → Open till.');
    expect(within(alert()).getByRole('button', { name: 'Open the till' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog', { name: 'Payment' })).toBeNull();
    await user.type(search(), 'NOPE-1{Enter}');
    expect(alert()).toHaveTextContent('No product has the barcode or SKU “NOPE-1”.');
    await user.type(search(), `${CABLE}{Enter}`);
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('holds a sale (units Reserved), starts a new one, and recalls it from the list', async () => {
    const { user, search, rows, b, status } = await sellScreen();
    await user.type(search(), `${LAPTOP}{Enter}`);
    await screen.findByRole('dialog', { name: 'Capture Serials' });
    await user.keyboard('DL5440-0003{Enter}{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await user.keyboard('{F8}');
    await waitFor(() => expect(status()).toHaveTextContent(/^Held INV-000001 \(Latitude 5440 Laptop\)/));
    expect(rows()).toHaveLength(0);
    expect(await b.one('SELECT status FROM serials WHERE serial = ?', 'DL5440-0003')).toEqual({ status: 'reserved' });

    await user.keyboard('{F9}');
    const recall = await screen.findByRole('dialog', { name: 'Recall sale' });
    const held = await within(recall).findByRole('table', { name: 'Held sales' });
    expect(held).toHaveTextContent('Latitude 5440 Laptop');
    await user.click(within(held).getByRole('button', { name: 'Recall INV-000001: Latitude 5440 Laptop' }));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.getByRole('heading', { name: 'Sell · INV-000001' })).toBeInTheDocument();
  });

  it("takes a cashier's discount above the limit with a manager's PIN when the sale is paid", async () => {
    const { user, search, b } = await sellScreen();
    b.ctx.session = { staff: await b.one<StaffRef>(`SELECT id, name, role FROM staff WHERE name = 'Casey Cashier'`) };
    await user.type(search(), `${CABLE}{Enter}`);
    await user.keyboard('{F6}');
    const dialog = await screen.findByRole('dialog', { name: 'Discount' });
    await user.selectOptions(within(dialog).getByLabelText('Apply to'), 'USB-C Cable 2m (19.99)');
    expect(within(dialog).getByText('Above 10% a manager approves the discount at Pay or Hold.')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('Discount (%)'), '25');
    await user.type(within(dialog).getByLabelText('Reason'), 'Damaged box');
    await user.click(within(dialog).getByRole('button', { name: 'Apply discount' }));
    // The line shows its discount under its total: 19.99 - 5.00 = 14.99.
    expect(
      within(screen.getByRole('table', { name: 'Invoice lines' })).getByRole('row', { name: /USB-C Cable/ }),
    ).toHaveTextContent('14.99−25%');
    await user.keyboard('{F12}');
    await screen.findByRole('dialog', { name: 'Payment' });
    await user.keyboard('{Enter}'); // nothing typed: exactly what is due, in cash
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(approval).toHaveTextContent('Needs a manager: a discount above 10% on USB-C Cable 2m.');
    await user.type(within(approval).getByLabelText('Manager PIN'), '2222{Enter}');
    await screen.findByRole('dialog', { name: 'Sale complete' });
    expect(
      await b.one('SELECT discount_kind, discount_value, discount_reason, discount_approved_by FROM invoice_lines'),
    ).toEqual({
      discount_kind: 'percent',
      discount_value: 2_500,
      discount_reason: 'Damaged box',
      discount_approved_by: 'Morgan Manager',
    });
    expect(await b.one('SELECT cashier, status FROM invoices')).toEqual({ cashier: 'Casey Cashier', status: 'paid' });
  });

  it('gives a sale discount with a reason: the total follows, tax after discount', async () => {
    const { user, search } = await sellScreen();
    await user.type(search(), `${CABLE}{Enter}`);
    await user.keyboard('{F6}');
    const dialog = await screen.findByRole('dialog', { name: 'Discount' });
    await user.selectOptions(within(dialog).getByLabelText('Apply to'), 'Whole sale (19.99)');
    await user.type(within(dialog).getByLabelText('Discount (%)'), '10');
    await user.click(within(dialog).getByRole('button', { name: 'Apply discount' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Enter a reason for the discount.');
    await user.type(within(dialog).getByLabelText('Reason'), 'Price match');
    await user.click(within(dialog).getByRole('button', { name: 'Apply discount' }));
    const side = within(screen.getByRole('complementary', { name: 'Sale' }));
    // 19.99 - 2.00 = 17.99, tax 1.35: 19.34.
    expect(side.getByRole('row', { name: /Sale discount/ })).toHaveTextContent('Sale discount −10% (Price match)−2.00');
    expect(side.getByLabelText('Total')).toHaveTextContent('$19.34');
  });
});

describe('quick cash', () => {
  it('offers the next round amounts above what is due, in the currency’s units', () => {
    expect(quickCashAmounts(138_050, 'USD')).toEqual([138_100, 139_000, 140_000, 150_000]);
    expect(quickCashAmounts(1_230, 'USD')).toEqual([1_300, 2_000, 5_000, 10_000]);
    expect(quickCashAmounts(2_000, 'USD')).toEqual([5_000, 10_000, 50_000, 100_000]); // 20.00 exactly: the next ones
    expect(quickCashAmounts(1_375, 'JPY')).toEqual([1_380, 1_400, 1_500, 2_000]); // yen have no decimals
    expect(quickCashAmounts(0, 'USD')).toEqual([]);
  });
});
