// Recurring invoices in Chromium (browser mode), as issue 16 lists it: a laptop sold to Acme Corp (so Acme owns it
// and the demo's Front desk PC, both of type Laptop, counted on Acme's page); a monthly template for Acme started three
// months ago (its first run one period after the start, the next run date left empty), with a standard line
// (LAB-ONSITE) and an asset counter for "Laptop"; Run due now makes three drafts dated one month apart, each
// counting Acme's laptops; Run due now again makes nothing. The Invoices list shows them with the cycle icon under
// "Recurring only", and a draft says "from R-000001". Screenshots: the template, the run, the list, a draft.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../core/dates.ts';
import { addMonthsClamped } from '../../core/recurrence.ts';
import { queryStore, screenshot, signIn, watchErrors, webAppPerFile, type RunningApp } from './harness.ts';

let web: RunningApp;
let browser: Browser;
webAppPerFile((app, chromium) => {
  web = app;
  browser = chromium;
});

const navButton = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true });
const store = <T>(sql: string) => queryStore<T>(web.dbFile, sql);

async function chooseAcme(page: Page) {
  const customer = page.getByRole('combobox', { name: 'Customer' });
  await customer.click();
  await customer.fill('acme');
  await page.getByRole('option', { name: /^Acme Corp/ }).click();
  expect(await customer.inputValue()).toBe('Acme Corp');
}

describe('recurring invoices catching up', () => {
  it('a monthly template three months old: Run due now makes three drafts counting the laptops, again none', async () => {
    // The host's clock is the real one: the dates are worked out from today, as the app does.
    const today = localDate(new Date());
    const started = addMonthsClamped(today, -3);
    // Period n is n months after the start (the day clamped to the month's end), as the run engine counts them.
    const periods = [1, 2, 3].map((n) => addMonthsClamped(started, n));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(web.url);
    await signIn(page);

    // 1. Acme buys a laptop (DL5440-0001) on a new invoice.
    await page.getByRole('button', { name: 'New invoice', exact: true }).click();
    await page.getByRole('heading', { name: /New invoice/ }).waitFor();
    await chooseAcme(page);
    const search = page.getByLabel('Item search');
    await search.fill('SN:DL5440-0001');
    await search.press('Enter');
    await page.getByText('Captured DL5440-0001 for Latitude 5440 Laptop.').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/^Saved INV-000001\./).waitFor();

    // 2. The laptops Acme owns, as its page lists them (units sold and devices entered by hand).
    await navButton(page, 'Customers').click();
    await page.getByRole('button', { name: 'Open Acme Corp' }).click();
    const assets = page.getByRole('table', { name: 'Assets' });
    await assets.getByRole('cell', { name: 'DL5440-0001', exact: true }).waitFor();
    const types = await assets.locator('tbody tr td:first-child').allTextContents();
    const laptops = types.filter((t) => t.trim().toLowerCase() === 'laptop').length;
    expect(laptops).toBe(2); // DL5440-0001 and the demo's Front desk PC

    // 3. Invoices → Recurring: a new monthly template for Acme, started three months ago (the next run left empty).
    await navButton(page, 'Recurring').click();
    await page.getByRole('heading', { name: 'Recurring invoices' }).waitFor();
    await page.getByRole('button', { name: 'New recurring invoice' }).click();
    await page.getByRole('heading', { name: 'New recurring invoice' }).waitFor();
    await chooseAcme(page);
    expect(await page.getByLabel('Frequency').inputValue()).toBe('monthly');
    await page.getByLabel('Start date').fill(started);
    await page.getByLabel('Item search').fill('LAB-ONSITE');
    await page.getByLabel('Item search').press('Enter');
    await page.getByLabel('Line 1 quantity').waitFor();
    await page.getByLabel(/^Type/).selectOption('asset_counter');
    await page.getByRole('button', { name: 'Add line', exact: true }).click();
    await page.getByLabel('Line 2 description').fill('Managed laptops');
    await page.getByLabel('Line 2 asset type').fill('Laptop');
    await page.getByLabel('Line 2 unit price').fill('15.00');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { name: 'Recurring invoice R-000001' }).waitFor();
    // Its first run: a month after the start, two months ago.
    expect(await page.getByLabel('Next run date').inputValue()).toBe(periods[0]);
    await screenshot(page, 'recurring-template');

    // 4. Run due now: three drafts, one per month since, each counting Acme's laptops.
    await navButton(page, 'Recurring').click();
    await page.getByRole('button', { name: 'Run due now' }).click();
    await page.getByText('Made 3 invoices: INV-000002, INV-000003, INV-000004.').waitFor();
    await screenshot(page, 'recurring-run-due-now');
    const made = () =>
      store<{ number: string; invoice_date: string; status: string }>(
        `SELECT number, invoice_date, status FROM invoices WHERE recurring_template_id IS NOT NULL ORDER BY id`,
      );
    expect(made()).toEqual([
      { number: 'INV-000002', invoice_date: periods[0], status: 'draft' },
      { number: 'INV-000003', invoice_date: periods[1], status: 'draft' },
      { number: 'INV-000004', invoice_date: periods[2], status: 'draft' },
    ]);
    expect(
      store<{ number: string; description: string; qty: number; counted: number }>(
        `SELECT i.number, l.description, l.qty, l.counted FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
         WHERE i.recurring_template_id IS NOT NULL ORDER BY i.id, l.position`,
      ),
    ).toEqual(
      made().flatMap(({ number }) => [
        { number, description: expect.stringContaining('On-site support'), qty: 1000, counted: 0 },
        { number, description: 'Managed laptops', qty: laptops * 1000, counted: 1 },
      ]),
    );

    // 5. Run due now again: nothing is due; still three.
    await page.getByRole('button', { name: 'Run due now' }).click();
    await page.getByText('Nothing is due.').waitFor();
    expect(made()).toHaveLength(3);
    expect(store<{ n: number }>(`SELECT count(*) AS n FROM recurring_runs`)[0]!.n).toBe(3);

    // 6. The Invoices list, Recurring only: the three drafts with the cycle icon; one opened says "from R-000001".
    await navButton(page, 'Invoices').click();
    await page.getByRole('checkbox', { name: 'Recurring only' }).check();
    const list = page.getByRole('table', { name: 'Saved invoices' });
    await expect
      .poll(() => list.getByRole('button', { name: /^INV-/ }).allTextContents())
      .toEqual(['INV-000004', 'INV-000003', 'INV-000002']);
    expect(await list.getByRole('img', { name: 'Recurring: R-000001' }).count()).toBe(3);
    await screenshot(page, 'recurring-invoices-list');
    await list.getByRole('button', { name: 'INV-000004', exact: true }).click();
    await page.getByRole('heading', { name: /INV-000004/ }).waitFor();
    await page.getByRole('button', { name: 'from R-000001' }).waitFor();
    expect(await page.getByLabel('Qty for Manual item 1').inputValue()).toBe(String(laptops));
    await screenshot(page, 'recurring-draft');
    expect(errors).toEqual([]);
    await page.close();
  });
});
