// The counter's day in Chromium (browser mode) at 1024×768, as the end-to-end test lists it: PIN sign-in, open
// the till, a sale by scanner and keyboard (the laptop with Capture Serials opening by itself and its serial scanned,
// the cable), F12 and 1,400 cash, the change, the receipt's serial, a clean new sale; the laptop returned by its SN:
// to stock with the cash refunded; the till closed with the counted cash matching what it expects.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MONEY_FORMAT, formatMoney } from '../../core/money.ts';
import { queryStore, scannerTypes, screenshot, watchErrors, webAppPerFile, type RunningApp } from './harness.ts';

let web: RunningApp;
let browser: Browser;
webAppPerFile((app, chromium) => {
  web = app;
  browser = chromium;
});

const navButton = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true });

/** The demo shop's money as the screens write it: a total ("$1,364.16"), an amount ("1,364.16"); and back. */
const dollars = (minor: number) => formatMoney(minor, DEFAULT_MONEY_FORMAT, { symbol: true });
const amount = (minor: number) => formatMoney(minor, DEFAULT_MONEY_FORMAT);
const minorOf = (text: string | null) => {
  expect(text).toMatch(/^-?\$?[\d,]+\.\d\d$/);
  return Number(text!.replace(/[^\d-]/g, ''));
};

/** Waits until the field with this label has the keyboard focus. */
const focused = (page: Page, label: string) =>
  expect.poll(() => page.getByLabel(label, { exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);

describe('the counter from sign-in to the till closed', () => {
  it('signs in, opens the till, sells by scanner and keyboard, takes a return and closes the till exact', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    const errors = watchErrors(page);
    await page.goto(web.url);

    // 1. PIN sign-in: the app starts at the PIN screen.
    const pin = page.getByLabel('PIN', { exact: true });
    await pin.waitFor();
    await pin.focus();
    await page.keyboard.type('1234');
    await page.keyboard.press('Enter');
    await page.getByText('Demo Admin (Admin)').waitFor();
    await page.getByRole('heading', { name: 'Sell', exact: true }).waitFor(); // the app opens on Sell

    // 2. Open the till with a float.
    const floatMinor = 100_00;
    await navButton(page, 'Till').click();
    await page.getByLabel('Opening float').fill('100.00');
    await page.getByRole('button', { name: 'Open till', exact: true }).click();
    await page.getByText(`The till is open with a float of ${dollars(floatMinor)}.`).waitFor();

    // 3. On Sell, the laptop's barcode typed by the scanner into Item search: Capture Serials opens by itself; the
    // serial's scan ticks DL5440-0001 and Enter confirms.
    await navButton(page, 'Sell').click();
    await page.getByText('Till open').waitFor();
    await focused(page, 'Item search');
    await scannerTypes(page, '5901234123457');
    const capture = page.getByRole('dialog', { name: 'Capture Serials' });
    const unit = capture.getByRole('checkbox', { name: 'DL5440-0001' });
    await unit.waitFor();
    expect(await unit.isChecked()).toBe(false);
    await scannerTypes(page, 'DL5440-0001');
    await capture.getByText('1 of 1 selected').waitFor();
    expect(await unit.isChecked()).toBe(true);
    await page.keyboard.press('Enter');
    await capture.waitFor({ state: 'detached' });
    const grid = page.getByRole('table', { name: 'Invoice lines' });
    await grid
      .getByRole('button', { name: /^Serials for / })
      .getByText('[SN]')
      .waitFor();
    await focused(page, 'Item search');

    // 4. The cable.
    await scannerTypes(page, '0012345678905');
    await expect.poll(() => grid.getByRole('row').count()).toBe(3); // head, laptop, cable
    const totalShown = page.getByRole('complementary', { name: 'Sale' }).getByLabel('Total', { exact: true });
    await page
      .getByRole('status')
      .getByText(/^Added /)
      .waitFor();
    const totalMinor = minorOf(await totalShown.textContent());
    expect(totalMinor).toBeGreaterThan(0);
    expect(totalMinor).toBeLessThan(1_400_00); // so 1,400 cash covers it
    await screenshot(page, 'counter-sell');

    // 5. F12, 1,400 typed into Amount tendered, Enter.
    await page.keyboard.press('F12');
    const payment = page.getByRole('dialog', { name: 'Payment' });
    await payment.getByLabel('Amount due').getByText(dollars(totalMinor), { exact: true }).waitFor();
    await focused(page, 'Amount tendered');
    await page.keyboard.type('1,400');
    await screenshot(page, 'counter-payment');
    await page.keyboard.press('Enter');

    // 6. The change: 1,400.00 less the total shown.
    const done = page.getByRole('dialog', { name: 'Sale complete' });
    const changeMinor = 1_400_00 - totalMinor;
    await done.getByLabel('Change due').waitFor();
    expect(await done.getByLabel('Change due').textContent()).toBe(dollars(changeMinor));

    // 7. The receipt shows the laptop's serial.
    const receipt = done.getByRole('article', { name: /^Receipt INV-\d{6}$/ });
    await receipt.getByText('SN: DL5440-0001').waitFor();
    const invoiceNumber = (await receipt.getAttribute('aria-label'))!.replace('Receipt ', '');
    await screenshot(page, 'counter-receipt');

    // 8. New sale (Enter): empty, Item search focused for the next customer's first scan.
    await page.keyboard.press('Enter');
    await done.waitFor({ state: 'detached' });
    await grid.getByText('No items yet.', { exact: false }).waitFor();
    expect(await grid.getByRole('row').count()).toBe(2); // head, "No items yet"
    expect(await totalShown.textContent()).toBe(dollars(0));
    await focused(page, 'Item search');

    // 9. Returns: the laptop's SN: label scanned finds its sale with the unit ticked; back to stock, refunded in cash
    // to the original tender; Complete return makes a credit note.
    await navButton(page, 'Returns').click();
    await page.getByRole('heading', { name: 'Returns' }).waitFor();
    await focused(page, 'Find sale');
    await scannerTypes(page, 'SN:DL5440-0001');
    const lines = page.getByRole('table', { name: `Items on ${invoiceNumber}` });
    await lines.waitFor();
    expect(await lines.getByRole('checkbox', { name: 'DL5440-0001' }).isChecked()).toBe(true);
    await lines.getByLabel('Disposition of DL5440-0001').selectOption({ label: 'Back to stock' });
    await page.getByRole('radio', { name: 'Original tenders' }).check();
    const refundRow = page.getByRole('table', { name: 'Return totals' }).getByRole('row', { name: /^Refund to Cash/ });
    await refundRow.waitFor();
    const refundMinor = minorOf(await refundRow.getByRole('cell').textContent());
    expect(refundMinor).toBeGreaterThan(0);
    expect(refundMinor).toBeLessThan(totalMinor); // the laptop alone, not the cable
    await screenshot(page, 'counter-returns');
    await page.getByRole('button', { name: 'Complete return' }).click();
    const returned = page.getByRole('status').getByText(/^Return CN-\d{6} complete:/);
    await returned.waitFor();
    expect(await returned.textContent()).toBe(`Return CN-000001 complete: refunded ${dollars(refundMinor)} to Cash.`);
    await page.getByRole('article', { name: 'Receipt CN-000001' }).getByText('SN: DL5440-0001').waitFor();

    // 10. Close the till: it expects the float, plus the sale's cash, less the refund; that counted is exact.
    const expectedMinor = floatMinor + totalMinor - refundMinor;
    await navButton(page, 'Till').click();
    await page.getByRole('heading', { name: 'Till', exact: true }).waitFor();
    const facts = page.locator('dl.facts');
    await facts.getByText(dollars(expectedMinor), { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Close till', exact: true }).click();
    const close = page.getByRole('dialog', { name: 'Close till' });
    await close.getByRole('radio', { name: 'As a total' }).check();
    await close.getByLabel('Counted cash').fill(amount(expectedMinor));
    await close.getByRole('button', { name: 'Close till', exact: true }).click();
    const report = page.getByRole('article', { name: /^Z report / });
    await report.waitFor();
    const cash = report.getByRole('table', { name: 'Cash' });
    const cashRow = async (label: string) =>
      (await cash.getByRole('row', { name: label }).getByRole('cell').textContent())?.trim();
    expect(await cashRow('Opening float')).toBe(amount(floatMinor));
    expect(await cashRow('Cash sales')).toBe(amount(totalMinor));
    expect(await cashRow('Expected cash')).toBe(dollars(expectedMinor));
    expect(await cashRow('Counted cash')).toBe(dollars(expectedMinor));
    expect(await cashRow('Over/short')).toBe('Exact');
    await page.getByText(/^The till is closed: .+, exact\.$/).waitFor();
    await screenshot(page, 'counter-till-report');

    expect(
      queryStore(
        web.dbFile,
        `SELECT expected_cash_minor, counted_cash_minor, closed_by FROM till_sessions WHERE z_number IS NOT NULL`,
      ),
    ).toEqual([{ expected_cash_minor: expectedMinor, counted_cash_minor: expectedMinor, closed_by: 'Demo Admin' }]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
