// The desktop's PDFs and prints: the print template loaded into a hidden, sandboxed window of its own (no preload, no
// Node, JavaScript off, no navigation, no request but the page itself), then webContents.printToPDF lays it out in
// Chromium's own renderer process, or webContents.print shows the system print dialog. The window is gone after.
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContentsPrintOptions } from 'electron';
import type { PaperSize } from '../../core/enums.ts';
import type { PageMm, PdfRenderer } from './pdf.ts';

export type WindowCtor = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

/** An in-memory session of its own (no "persist:"): the document windows share nothing with the app's window. */
export const DOCUMENT_PARTITION = 'counter-pos-documents';

/** A hidden window that may show one HTML page and nothing else. */
export const documentWindowOptions = (): BrowserWindowConstructorOptions => ({
  show: false,
  width: 900,
  height: 1200,
  webPreferences: {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    javascript: false,
    webSecurity: true,
    webviewTag: false,
    spellcheck: false,
    partition: DOCUMENT_PARTITION,
  },
});

/** The page as a data: URL: nothing is served, nothing is written to disk. */
export const documentUrl = (html: string) =>
  `data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`;

/** Opens the template's HTML in a hidden document window; the caller destroys it. */
export async function openDocumentWindow(BrowserWindowCtor: WindowCtor, html: string): Promise<BrowserWindow> {
  const win = new BrowserWindowCtor(documentWindowOptions());
  const contents = win.webContents;
  const url = documentUrl(html);
  // Only the page itself: no link followed, no window opened, no request made (the logo is inline).
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !details.url.startsWith('data:') }),
  );
  try {
    await win.loadURL(url);
  } catch (error) {
    win.destroy();
    throw error;
  }
  return win;
}

const PAGE_SIZE = { a4: 'A4', letter: 'Letter' } as const;
const MICRONS_PER_MM = 1000;
const MM_PER_INCH = 25.4;

/** printToPDF's page: a named paper, or a label's own size in inches with no margin (the label draws its own). */
const pdfPage = (paper: PaperSize | PageMm) =>
  typeof paper === 'string'
    ? { pageSize: PAGE_SIZE[paper] }
    : {
        pageSize: { width: paper.widthMm / MM_PER_INCH, height: paper.heightMm / MM_PER_INCH },
        margins: { top: 0, bottom: 0, left: 0, right: 0 },
      };

/** print()'s page: a named paper, or a label's own size in microns with no margin. */
const printPage = (paper: PaperSize | PageMm): WebContentsPrintOptions =>
  typeof paper === 'string'
    ? { pageSize: PAGE_SIZE[paper] }
    : {
        pageSize: { width: paper.widthMm * MICRONS_PER_MM, height: paper.heightMm * MICRONS_PER_MM },
        margins: { marginType: 'none' },
      };

/** The desktop's PDF renderer: Electron's printToPDF from a hidden, sandboxed window per document. */
export function electronPdfRenderer(BrowserWindowCtor: WindowCtor): PdfRenderer {
  return {
    async pdf(html: string, paper: PaperSize | PageMm) {
      const win = await openDocumentWindow(BrowserWindowCtor, html);
      try {
        const bytes = await win.webContents.printToPDF({ ...pdfPage(paper), printBackground: true });
        return new Uint8Array(bytes);
      } finally {
        win.destroy();
      }
    },
    async close() {},
  };
}

export type PrintOutcome = { ok: true } | { ok: false; message: string };

/** Shows the system print dialog for the template's HTML (the paper or label preselected); resolves when it closed. */
export async function printDocumentHtml(
  BrowserWindowCtor: WindowCtor,
  html: string,
  paper: PaperSize | PageMm,
  title: string,
): Promise<PrintOutcome> {
  const win = await openDocumentWindow(BrowserWindowCtor, html);
  const options: WebContentsPrintOptions = { silent: false, printBackground: true, ...printPage(paper) };
  try {
    return await new Promise<PrintOutcome>((resolve) => {
      win.webContents.print(options, (success, failureReason) => {
        if (success || /cancel/i.test(failureReason)) resolve({ ok: true });
        else resolve({ ok: false, message: `${title} did not print: ${failureReason || 'the printer refused it'}.` });
      });
    });
  } finally {
    win.destroy();
  }
}
