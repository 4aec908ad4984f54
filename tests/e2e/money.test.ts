import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { queryStore, screenshot, signIn, watchErrors, webAppPerFile, type RunningApp } from './harness.ts';

// The money flow of issue 12 in Chromium against `npm run web`: a serialized laptop sold as a draft, finalised,
// paid in part, overpaid (refused, then kept as credit), locked once paid, voided with a refund, and the unit back
// in stock.

let web: RunningApp;
let browser: Browser;
webAppPerFile((app, chromium) => {
  web = app;
  browser = chromium;
});

const store = <T>(sql: string) => queryStore<T>(web.dbFile, sql);
const invoiceRow = () =>
  store<{ status: string; paid_minor: number; balance_minor: number; total_minor: number }>(
    'SELECT status, paid_minor, balance_minor, total_minor FROM invoices',
  )[0];
const unitStatus = () =>
  store<{ status: string }>(`SELECT status FROM serials WHERE serial = 'DL5440-0002'`)[0]!.status;

async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(web.url);
  await signIn(page);
  // The app opens on Sell; the invoice editor is one click away in the top bar.
  await page.getByRole('heading', { name: 'Sell', exact: true }).waitFor();
  await page.getByRole('button', { name: 'New invoice', exact: true }).click();
  await page.getByRole('heading', { name: /New invoice/ }).waitFor();
  return { page, errors };
}

/** The editor's status badge, once it says `status`. */
const badge = (page: Page, status: string) =>
  page.locator('.title-row .invoice-status').getByText(status, { exact: true }).waitFor();

/** The invoice a unit is on, opened from the Serial Numbers screen. */
async function openFromSerials(page: Page, serial: string, number: string) {
  await page.getByRole('button', { name: 'Serial Numbers' }).click();
  await page.getByLabel('Search serials').fill(serial);
  const row = page.getByRole('table', { name: 'Serials' }).getByRole('row').filter({ hasText: serial });
  await row.getByRole('button', { name: number, exact: true }).click();
  await page.getByRole('heading', { name: `Invoice ${number}` }).waitFor();
}

describe('money in Chromium: draft, finalise, payments, lock, void with refund', () => {
  it('takes a serialized sale through every status and puts the unit back in stock', async () => {
    const { page, errors } = await openPage();

    // 1. A sale of laptop DL5440-0002 to Acme Corp, saved as a draft (the unit Reserved), then finalised (Sold).
    const customer = page.getByRole('combobox', { name: 'Customer' });
    await customer.click();
    await customer.fill('acme');
    await page.getByRole('option', { name: /^Acme Corp/ }).click();
    expect(await customer.inputValue()).toBe('Acme Corp');
    await page.getByLabel('Terms').selectOption({ label: 'Net 30' });
    const search = page.getByLabel('Item search');
    await search.fill('SN:DL5440-0002');
    await search.press('Enter');
    await page.getByText('Captured DL5440-0002 for Latitude 5440 Laptop.').waitFor();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Invoice INV-000001' }).waitFor();
    await badge(page, 'Draft');
    expect(invoiceRow()).toMatchObject({ status: 'draft', total_minor: 134_268 });
    expect(unitStatus()).toBe('reserved');
    expect(await page.getByRole('button', { name: 'Take payment' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await badge(page, 'Sent');
    expect(invoiceRow()).toMatchObject({ status: 'sent', balance_minor: 134_268 });
    expect(unitStatus()).toBe('sold');
    expect(await page.getByRole('button', { name: 'Save draft' }).count()).toBe(0);
    await screenshot(page, 'money-sent');

    // 2. A partial payment: Partial.
    await page.getByRole('button', { name: 'Take payment' }).click();
    let dialog = page.getByRole('dialog', { name: 'Take Payment' });
    expect(await dialog.getByLabel('Amount').inputValue()).toBe('1342.68');
    await dialog.getByLabel('Amount').fill('500.00');
    await dialog.getByLabel('Method').selectOption({ label: 'Credit Card' });
    await dialog.getByLabel('Reference').fill('AUTH 4411');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await badge(page, 'Partial');
    expect(invoiceRow()).toMatchObject({ status: 'partial', paid_minor: 50_000, balance_minor: 84_268 });

    // A second window opens the invoice while it is still Partial (it will try to edit it once it is paid).
    const other = await openPage();
    await openFromSerials(other.page, 'DL5440-0002', 'INV-000001');
    await badge(other.page, 'Partial');

    // 3. An overpayment is refused, nothing lost; then accepted with the excess kept as store credit.
    await page.getByRole('button', { name: 'Take payment' }).click();
    dialog = page.getByRole('dialog', { name: 'Take Payment' });
    expect(await dialog.getByLabel('Amount').inputValue()).toBe('842.68');
    await dialog.getByLabel('Amount').fill('900.00');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/^Payment exceeds balance/)
      .waitFor();
    await screenshot(page, 'money-overpayment-refused');
    expect(await dialog.getByLabel('Amount').inputValue()).toBe('900.00');
    expect(store<{ n: number }>('SELECT count(*) AS n FROM payments')[0]!.n).toBe(1);
    await dialog.getByRole('checkbox', { name: 'Keep the excess as store credit' }).check();
    await dialog.getByRole('button', { name: 'Record payment' }).click();

    // 4. Paid: the editor is read-only, and says why.
    await badge(page, 'Paid');
    await page.getByText('Cannot modify paid invoice — void it instead.').waitFor();
    await page.getByText("$57.32 kept as Acme Corp's store credit.", { exact: false }).waitFor();
    expect(invoiceRow()).toMatchObject({ status: 'paid', paid_minor: 134_268, balance_minor: 0 });
    expect(store<{ credit: number }>('SELECT sum(amount_minor) AS credit FROM store_credit')[0]!.credit).toBe(5_732);
    expect(await page.getByLabel('Unit price for Latitude 5440 Laptop').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
    await screenshot(page, 'money-paid-locked');

    // 5. An edit is refused: the other window, still showing the invoice as Partial, changes it and saves.
    await other.page.getByRole('button', { name: 'Edit', exact: true }).click();
    await other.page.getByLabel('Notes').fill('Add a bag');
    await other.page.getByRole('button', { name: 'Save', exact: true }).click();
    await other.page.getByRole('alert').getByText('Cannot modify paid invoice — void it instead.').waitFor();
    expect(store<{ notes: string }>('SELECT notes FROM invoices')[0]).toEqual({ notes: '' });
    await other.page.close();

    // 6. Void with a refund: the dialog names the unit going back to Main Store; each payment is refunded by its own
    // method (the card payment to the card).
    await page.getByRole('button', { name: 'Void invoice' }).click();
    dialog = page.getByRole('dialog', { name: 'Void invoice INV-000001?' });
    await dialog.getByText('1 serial goes back in stock at Main Store: DL5440-0002 (Latitude 5440 Laptop).').waitFor();
    await dialog.getByRole('radio', { name: 'Refund the payments' }).check();
    const refunds = dialog.getByRole('list', { name: 'Refunds by payment' });
    await refunds.getByText('PAY-000001 Credit Card 500.00').waitFor();
    await refunds.getByText('PAY-000002 Cash 842.68').waitFor();
    await dialog.getByLabel('Reference').fill('Drawer 1');
    await screenshot(page, 'money-void-dialog');
    await dialog.getByRole('button', { name: 'Void invoice' }).click();
    await badge(page, 'Void');
    expect(invoiceRow()).toMatchObject({ status: 'void' });
    expect(
      store('SELECT m.name, r.amount_minor FROM refunds r JOIN payment_methods m ON m.id = r.method_id ORDER BY r.id'),
    ).toEqual([
      { name: 'Credit Card', amount_minor: 50_000 },
      { name: 'Cash', amount_minor: 84_268 },
    ]);
    expect(store<{ number: string }>('SELECT number FROM invoices')).toEqual([{ number: 'INV-000001' }]);

    // 7. The unit is back in stock at Main Store, with the void in its history.
    expect(unitStatus()).toBe('in_stock');
    await page.getByRole('button', { name: 'Serial Numbers' }).click();
    await page.getByLabel('Search serials').fill('DL5440-0002');
    const row = page.getByRole('table', { name: 'Serials' }).getByRole('row').filter({ hasText: 'DL5440-0002' });
    await row.getByText('In stock').waitFor();
    expect(await row.textContent()).toContain('Main Store');
    await row.getByRole('button', { name: 'DL5440-0002' }).click();
    const history = page.getByRole('table', { name: 'History' });
    await history.waitFor();
    const events = await history.getByRole('row').allTextContents();
    expect(events.slice(1).map((e) => /Received|Reserved|Sold|Voided/.exec(e)?.[0])).toEqual([
      'Received',
      'Reserved',
      'Sold',
      'Voided',
    ]);
    await screenshot(page, 'money-unit-back-in-stock');
    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
    await page.close();
  });
});
