// A return in Chromium (browser mode) at 1024×768: the laptop sold for cash at the counter comes back by scanning its
// SN: label on Returns (typed by a wedge scanner into Find sale), back to stock with the cash refunded through the
// open till; the refund receipt shows CN-000001, and the store has the credit note, the unit In stock and its history.
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

describe('a return in Chromium', () => {
  it('takes the laptop back by its SN:, to stock, refunding the cash', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    const errors = watchErrors(page);
    await page.goto(web.url);
    await signIn(page);

    // Open the till and sell the laptop (DL5440-0001) for cash.
    await navButton(page, 'Till').click();
    await page.getByLabel('Opening float').fill('100.00');
    await page.getByRole('button', { name: 'Open till', exact: true }).click();
    await navButton(page, 'Sell').click();
    await page.getByText('Till open').waitFor();
    await scannerTypes(page, '5901234123457');
    const capture = page.getByRole('dialog', { name: 'Capture Serials' });
    await capture.getByRole('checkbox', { name: 'DL5440-0001' }).waitFor();
    await scannerTypes(page, 'DL5440-0001');
    await capture.getByText('1 of 1 selected').waitFor();
    await page.keyboard.press('Enter');
    await capture.waitFor({ state: 'detached' });
    await page.keyboard.press('F12');
    await page.getByRole('dialog', { name: 'Payment' }).waitFor();
    await page.keyboard.type('1,400');
    await page.keyboard.press('Enter');
    const done = page.getByRole('dialog', { name: 'Sale complete' });
    await done.waitFor();
    await page.keyboard.press('Enter');
    await done.waitFor({ state: 'detached' });

    // Returns: the scanner types SN:DL5440-0001 into Find sale; the sale shows with the unit ticked.
    await navButton(page, 'Returns').click();
    await page.getByRole('heading', { name: 'Returns' }).waitFor();
    expect(await page.getByLabel('Find sale').evaluate((el) => el === document.activeElement)).toBe(true);
    await scannerTypes(page, 'SN:DL5440-0001');
    const lines = page.getByRole('table', { name: 'Items on INV-000001' });
    await lines.waitFor();
    expect(await lines.getByRole('checkbox', { name: 'DL5440-0001' }).isChecked()).toBe(true);
    expect(await lines.getByLabel('Disposition of DL5440-0001').inputValue()).toBe('stock');
    const totals = page.getByRole('table', { name: 'Return totals' });
    await totals
      .getByRole('row', { name: /Refund to Cash/ })
      .getByText('1,342.68')
      .waitFor();
    await screenshot(page, 'returns');

    await page.getByRole('button', { name: 'Complete return' }).click();
    await page.getByRole('status').getByText('Return CN-000001 complete: refunded $1,342.68 to Cash.').waitFor();
    const receipt = page.getByRole('article', { name: 'Receipt CN-000001' });
    await receipt.getByText('REFUND', { exact: true }).waitFor();
    await receipt.getByText('SN: DL5440-0001').waitFor();
    await screenshot(page, 'returns-receipt');
    expect(await page.getByLabel('Find sale').evaluate((el) => el === document.activeElement)).toBe(true);

    expect(
      queryStore(
        web.dbFile,
        `SELECT cn.number, cn.total_minor, r.amount_minor, m.kind, r.till_session_id, s.status,
                (SELECT note FROM serial_events WHERE serial_id = s.id ORDER BY id DESC LIMIT 1) AS note
         FROM credit_notes cn JOIN refunds r ON r.credit_note_id = cn.id JOIN payment_methods m ON m.id = r.method_id
         JOIN credit_note_units u ON 1 = 1 JOIN serials s ON s.id = u.serial_id`,
      ),
    ).toEqual([
      {
        number: 'CN-000001',
        total_minor: 134_268,
        amount_minor: 134_268,
        kind: 'cash',
        till_session_id: 1,
        status: 'in_stock',
        note: 'returned on CN-000001 from INV-000001 — back to stock',
      },
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
