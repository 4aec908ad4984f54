// The service workflow in Chromium (browser mode), as issue 15 lists it: deposits turned on in Settings → Deposits;
// an estimate for Acme Corp's laptop, approved and converted to a ticket (Invoice Required); a deposit taken on the
// ticket (DEP-000001 Paid, a negative charge, Partially Invoiced); Order for this ticket, the PO submitted and
// DL5440-0777 received (Reserved for the ticket, its history naming the PO and the ticket); Make Invoice (the unit
// captured, the deposit a negative line), saved (Sent, the unit Sold); the balance paid; the ticket Invoiced; the
// unit's history ends sold on the invoice. Screenshots: the ticket, its charges, the invoice with its deposit line,
// and the serial history (reserved, then sold).
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  queryStore,
  scannerTypes,
  screenshot,
  signIn,
  watchErrors,
  webAppPerFile,
  type RunningApp,
} from './harness.ts';

let web: RunningApp;
let browser: Browser;
webAppPerFile((app, chromium) => {
  web = app;
  browser = chromium;
});

const navButton = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true });
const store = <T>(sql: string) => queryStore<T>(web.dbFile, sql);
const billingStatus = (page: Page) => page.getByLabel('Billing status');

describe('service work from the estimate to the serial history', () => {
  it('estimate → ticket → deposit → PO → reserved unit → Make Invoice → balance paid → Invoiced → history', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(web.url);
    await signIn(page);

    // 0. Settings → Deposits: deposits on.
    await navButton(page, 'Settings').click();
    await page.getByRole('checkbox', { name: 'Take deposits on tickets' }).check();
    await page.getByText('Deposits are on.').waitFor();

    // 1. An estimate for Acme Corp: one laptop. Saved, approved, converted to a ticket.
    await navButton(page, 'Estimates').click();
    await page.getByRole('button', { name: 'New estimate' }).click();
    const customer = page.getByRole('combobox', { name: 'Customer' });
    await customer.click();
    await customer.fill('acme');
    await page.getByRole('option', { name: /^Acme Corp/ }).click();
    const search = page.getByLabel('Item search');
    await search.fill('LAT-5440');
    await search.press('Enter');
    await page.getByRole('table', { name: 'Lines' }).getByRole('textbox', { name: 'Line 1 description' }).waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { name: 'Estimate EST-000001' }).waitFor();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('button', { name: 'Convert to ticket', exact: true }).click();

    // 2. The ticket: Invoice Required.
    await page.getByRole('heading', { name: /^T-000001/ }).waitFor();
    await expect.poll(() => billingStatus(page).textContent()).toBe('Invoice Required');
    const laptopTotal = store<{ total: number }>(`SELECT total_minor AS total FROM estimates`)[0]!.total;

    // 3. Take deposit: $500.00 by card; DEP-000001 Paid, a negative charge, Partially Invoiced.
    const actions = page.getByRole('region', { name: 'Actions' });
    await actions.getByRole('button', { name: 'Take deposit', exact: true }).click();
    const take = page.getByRole('dialog', { name: 'Take deposit' });
    await take.getByLabel('Deposit amount').fill('500.00');
    await take.getByLabel('Method').selectOption({ label: 'Credit Card' });
    await take.getByLabel('Reference').fill('AUTH 7001');
    await take.getByRole('button', { name: 'Take deposit', exact: true }).click();
    await take.waitFor({ state: 'detached' });
    await page.getByText('Took a deposit of $500.00: DEP-000001 is paid.').waitFor();
    await expect.poll(() => billingStatus(page).textContent()).toBe('Partially Invoiced');
    expect(store(`SELECT number, status, is_deposit, total_minor FROM invoices`)).toEqual([
      { number: 'DEP-000001', status: 'paid', is_deposit: 1, total_minor: 50_000 },
    ]);
    expect(store(`SELECT kind, unit_price_minor FROM ticket_charges WHERE kind = 'deposit'`)).toEqual([
      { kind: 'deposit', unit_price_minor: -50_000 },
    ]);
    await page.getByRole('table', { name: 'Deposits taken' }).getByText('DEP-000001').waitFor();
    await screenshot(page, 'service-ticket');

    // 4. Order for this ticket: a Draft PO for the laptop, submitted; DL5440-0777 received, Reserved for T-000001.
    await page
      .getByRole('table', { name: 'Line items' })
      .getByRole('button', { name: /^Order for this ticket/ })
      .click();
    const order = page.getByRole('dialog', { name: 'Order for this ticket' });
    await order.getByLabel('Vendor').selectOption({ label: 'Northwind Distribution' });
    await order.getByRole('button', { name: 'Order', exact: true }).click();
    await order.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /^On order: PO-000001/ }).click();
    await page.getByRole('heading', { name: 'Purchase order PO-000001' }).waitFor();
    await page.getByRole('button', { name: 'Submit to vendor' }).click();
    await page.getByLabel('Status').getByText('Submitted').waitFor();
    const serialField = page.getByLabel('Serial', { exact: true });
    await serialField.focus();
    await scannerTypes(page, 'DL5440-0777');
    await page.getByLabel('Latitude 5440 Laptop serials').getByText('1 of 1').waitFor();
    await page.getByRole('button', { name: 'Receive', exact: true }).click();
    await page.getByText(/^Received 1 unit on GR-\d{6}/).waitFor();
    expect(store(`SELECT status, ticket_id FROM serials WHERE serial = 'DL5440-0777'`)).toEqual([
      { status: 'reserved', ticket_id: 1 },
    ]);
    // Its history: received on PO-000001 for T-000001 and reserved for it.
    await navButton(page, 'Serial Numbers').click();
    await page.getByLabel('Search serials').fill('DL5440-0777');
    await page
      .getByRole('table', { name: 'Serials' })
      .getByRole('button', { name: 'DL5440-0777', exact: true })
      .click();
    const history = page.getByRole('table', { name: 'History' });
    await history
      .getByText(/PO-000001/)
      .first()
      .waitFor();
    await history
      .getByText(/T-000001/)
      .first()
      .waitFor();
    await screenshot(page, 'service-serial-reserved');
    await navButton(page, 'Tickets').click();
    await page.getByRole('button', { name: 'T-000001', exact: true }).click();
    await page.getByRole('table', { name: 'Line items' }).getByText('[SN] DL5440-0777').waitFor();

    // 5. The charges: the laptop and the deposit, pending.
    await actions.getByRole('button', { name: /^Add\/View Charges/ }).click();
    const charges = page.getByRole('dialog', { name: 'Charges on T-000001' });
    await charges.getByText('Deposit on T-000001, DEP-000001').waitFor();
    await screenshot(page, 'service-charges');

    // 6. Make Invoice: a draft for the ticket with the laptop (DL5440-0777 captured) and the deposit as a negative
    // line, the balance $500.00 less than the laptop.
    await charges.getByRole('button', { name: 'Make Invoice', exact: true }).click();
    await page.getByRole('heading', { name: 'Invoice INV-000001' }).waitFor();
    const lines = page.getByRole('table', { name: 'Invoice lines' });
    await expect
      .poll(() => lines.getByRole('textbox', { name: /^Name of / }).inputValue())
      .toBe('Deposit on T-000001, DEP-000001');
    await lines.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' }).getByText('[SN]').waitFor();
    expect(
      store(`SELECT status, total_minor, balance_minor, ticket_id FROM invoices WHERE number = 'INV-000001'`),
    ).toEqual([
      { status: 'draft', total_minor: laptopTotal - 50_000, balance_minor: laptopTotal - 50_000, ticket_id: 1 },
    ]);
    expect(
      store(`SELECT l.description, l.unit_price_minor, s.serial FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
        LEFT JOIN invoice_line_serials ls ON ls.invoice_line_id = l.id LEFT JOIN serials s ON s.id = ls.serial_id
        WHERE i.number = 'INV-000001' ORDER BY l.position`),
    ).toEqual([
      { description: 'Latitude 5440 Laptop', unit_price_minor: 124_900, serial: 'DL5440-0777' },
      { description: 'Deposit on T-000001, DEP-000001', unit_price_minor: -50_000, serial: null },
    ]);
    expect(store(`SELECT status FROM serials WHERE serial = 'DL5440-0777'`)).toEqual([{ status: 'reserved' }]);

    // 7. Saved: Sent, the unit Sold; the balance is paid as usual; the ticket is Invoiced.
    const invoiceStatus = () =>
      store<{ status: string }>(`SELECT status FROM invoices WHERE number = 'INV-000001'`)[0]?.status;
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(invoiceStatus).toBe('sent');
    await page.getByRole('button', { name: 'Take payment' }).waitFor();
    await screenshot(page, 'service-invoice-deposit-line');
    expect(store(`SELECT status FROM serials WHERE serial = 'DL5440-0777'`)).toEqual([{ status: 'sold' }]);
    await page.getByRole('button', { name: 'Take payment' }).click();
    const pay = page.getByRole('dialog', { name: 'Take Payment' });
    expect(await pay.getByLabel('Amount').inputValue()).toBe(((laptopTotal - 50_000) / 100).toFixed(2));
    await pay.getByLabel('Method').selectOption({ label: 'Credit Card' });
    await pay.getByRole('button', { name: 'Record payment' }).click();
    await pay.waitFor({ state: 'detached' });
    await expect.poll(invoiceStatus).toBe('paid');
    await navButton(page, 'Tickets').click();
    await page.getByRole('button', { name: 'T-000001', exact: true }).click();
    await expect.poll(() => billingStatus(page).textContent()).toBe('Invoiced');

    // 8. The unit's history: received on PO-000001 for T-000001, reserved for it, sold on INV-000001.
    await navButton(page, 'Serial Numbers').click();
    await page.getByLabel('Search serials').fill('DL5440-0777');
    await page
      .getByRole('table', { name: 'Serials' })
      .getByRole('button', { name: 'DL5440-0777', exact: true })
      .click();
    const sold = page.getByRole('table', { name: 'History' });
    await sold
      .getByText(/PO-000001/)
      .first()
      .waitFor();
    await sold.getByText(/^sold on INV-000001/).waitFor();
    await screenshot(page, 'service-serial-history');
    expect(errors).toEqual([]);
  });
});
