import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/backend.ts';
import { screenshot, signIn, watchErrors, webAppPerFile, type RunningApp } from './harness.ts';

// Documents in Chromium against `npm run web`: a saved invoice with two serial-tracked units, Download PDF caught as a
// real download (the PDF made by the host's headless Chromium), read back with pdftotext; Print in browser mode opens
// the browser's print dialog on the template in a hidden iframe (the page's CSP lets it, no error).

let web: RunningApp;
let browser: Browser;
webAppPerFile((app, chromium) => {
  web = app;
  browser = chromium;
});

async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const errors = watchErrors(page);
  await page.goto(web.url);
  await signIn(page);
  await page.getByRole('heading', { name: 'Sell', exact: true }).waitFor();
  await page.getByRole('button', { name: 'New invoice', exact: true }).click();
  await page.getByRole('heading', { name: /New invoice/ }).waitFor();
  return { page, errors };
}

describe('invoice documents in Chromium', () => {
  it('downloads the saved invoice as a PDF listing its serials, and prints it from a hidden frame', async () => {
    const { page, errors } = await openPage();
    const customer = page.getByRole('combobox', { name: 'Customer' });
    await customer.click();
    await customer.fill('acme');
    await page.getByRole('option', { name: /^Acme Corp/ }).click();
    const search = page.getByLabel('Item search');
    for (const serial of ['DL5440-0001', 'DL5440-0002']) {
      await search.fill(`SN:${serial}`);
      await search.press('Enter');
      await page.getByText(`Captured ${serial} for Latitude 5440 Laptop.`).waitFor();
    }
    // No document before the invoice is saved.
    expect(await page.getByRole('button', { name: 'Download PDF' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { name: 'Invoice INV-000001' }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('INV-000001.pdf');
    const file = path.join(tempDir('pos-e2e-pdf-'), 'INV-000001.pdf');
    await download.saveAs(file);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('INV-000001');
    expect(text).toContain('Acme Corp');
    expect(text).toMatch(/Serial numbers: DL5440-0001, DL5440-0002/);
    await page.getByText('Downloaded INV-000001.pdf.').waitFor();

    // Print in browser mode: the template goes into a hidden, sandboxed srcdoc frame whose print() is called.
    await page.evaluate(() => {
      const w = window as unknown as { printed: string[] };
      w.printed = [];
      const original = HTMLIFrameElement.prototype.addEventListener;
      HTMLIFrameElement.prototype.addEventListener = function (
        this: HTMLIFrameElement,
        type: string,
        listener: EventListenerOrEventListenerObject,
        options?: boolean | AddEventListenerOptions,
      ) {
        if (type !== 'load') return original.call(this, type, listener, options);
        return original.call(
          this,
          'load',
          (event) => {
            // The print dialog would block a headless page: note what it would print instead.
            this.contentWindow!.print = () => void w.printed.push(this.contentDocument?.body.innerText ?? '');
            if (typeof listener === 'function') listener.call(this, event);
            else listener.handleEvent(event);
          },
          options,
        );
      } as typeof original;
    });
    await page.getByRole('button', { name: 'Print', exact: true }).click();
    await page.waitForFunction(() => (window as unknown as { printed: string[] }).printed.length === 1);
    const printed = await page.evaluate(() => (window as unknown as { printed: string[] }).printed[0]!);
    expect(printed).toContain('INV-000001');
    expect(printed).toContain('DL5440-0002');
    await screenshot(page, 'documents-invoice');
    expect(errors).toEqual([]);
  });
});
