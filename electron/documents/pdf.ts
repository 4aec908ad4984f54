// Turning the print template's HTML into a PDF. The desktop app uses Electron's printToPDF in a hidden, sandboxed
// window (electron/documents/electronPdf.ts); browser mode and the tests use a headless Chromium (this file). Both
// lay out the same HTML with the same engine.
import type { Browser, BrowserContext } from 'playwright-core';
import type { PaperSize } from '../../core/enums.ts';
import { launchChromium } from './chromium.ts';

/** A page of its own size in millimetres (a thermal label), beside the documents' A4 and US Letter. */
export interface PageMm {
  widthMm: number;
  heightMm: number;
}

/** Renders the template's HTML to PDF bytes. */
export interface PdfRenderer {
  pdf(html: string, paper: PaperSize | PageMm): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * A headless Chromium, launched on the first PDF and kept for the next. Pages run without JavaScript and may not
 * fetch anything (the template inlines its styles and its logo), so a document's text cannot make it do anything.
 */
export function chromiumPdfRenderer(): PdfRenderer {
  let started: Promise<{ browser: Browser; context: BrowserContext }> | null = null;
  const start = () =>
    (started ??= (async () => {
      const browser = await launchChromium();
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      await context.route('**/*', (route) =>
        route.request().url().startsWith('data:') ? route.continue() : route.abort(),
      );
      return { browser, context };
    })().catch((error: unknown) => {
      started = null;
      throw error;
    }));
  return {
    async pdf(html, paper) {
      const { context } = await start();
      const page = await context.newPage();
      try {
        await page.setContent(html, { waitUntil: 'load' });
        const size =
          typeof paper === 'string'
            ? { format: paper === 'letter' ? 'Letter' : 'A4' }
            : { width: `${paper.widthMm}mm`, height: `${paper.heightMm}mm`, preferCSSPageSize: true };
        const bytes = await page.pdf({ ...size, printBackground: true });
        return new Uint8Array(bytes);
      } finally {
        await page.close();
      }
    },
    async close() {
      const running = started;
      started = null;
      if (running) await (await running).browser.close().catch(() => {});
    },
  };
}
