// Printing a receipt from the desktop app: the renderer asks through the preload's named function (posPrint), and
// main prints its own window with webContents.print to the printer Settings → Counter names, silently when set. Only
// our own window's top frame may ask (the same check as every contract call). The receipt's print stylesheet makes
// the page print the receipt alone, at 80 or 58 mm. Documents (invoices, credit notes, purchase orders) and barcode
// labels print from a hidden window holding the print template alone, with the system print dialog
// (registerDocumentPrint).
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebContentsPrintOptions } from 'electron';
import { PRINT_DOCUMENT_CHANNEL, PRINT_RECEIPT_CHANNEL } from '../core/methods.ts';
import type { CounterSettings, DocumentHtml, LabelsHtml } from '../core/model.ts';
import { dispatch } from './dispatch.ts';
import { printDocumentHtml, type PrintOutcome, type WindowCtor } from './documents/electronPdf.ts';
import type { HandlerCtx } from './handlers.ts';
import { isTrustedSender } from './ipc.ts';

export type { PrintOutcome };

/** The print options for a receipt: the chosen printer ('' the system default), without the dialog when silent. */
export function receiptPrintOptions(settings: Pick<CounterSettings, 'receiptPrinter' | 'silentPrint'>) {
  const options: WebContentsPrintOptions = { silent: settings.silentPrint, printBackground: false };
  if (settings.receiptPrinter.trim()) options.deviceName = settings.receiptPrinter.trim();
  return options;
}

/** Prints the contents; resolves when the printer took it, or with why not (a cancelled dialog is not an error). */
export function printContents(contents: Pick<WebContents, 'print'>, options: WebContentsPrintOptions) {
  return new Promise<PrintOutcome>((resolve) => {
    contents.print(options, (success, failureReason) => {
      if (success || /cancel/i.test(failureReason)) resolve({ ok: true });
      else resolve({ ok: false, message: `The receipt did not print: ${failureReason || 'the printer refused it'}.` });
    });
  });
}

/** Registers the print handler; returns its removal. */
export function registerPrint(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  settings: () => Promise<Pick<CounterSettings, 'receiptPrinter' | 'silentPrint'>>,
  trusted: () => WebContents | null,
): () => void {
  ipcMain.handle(PRINT_RECEIPT_CHANNEL, async (event: IpcMainInvokeEvent): Promise<PrintOutcome> => {
    if (!isTrustedSender(event, trusted)) {
      return { ok: false, message: 'This call did not come from the Counter POS window and was refused.' };
    }
    return printContents(event.sender, receiptPrintOptions(await settings()));
  });
  return () => ipcMain.removeHandler(PRINT_RECEIPT_CHANNEL);
}

/**
 * Registers Print for documents (an invoice, a credit note, a purchase order) and barcode labels (`{ labels }`, the
 * labelsHtml input, printed on the label's own page size): the template's HTML is made through
 * dispatch (the same input checks and sign-in as every call), loaded in a hidden, sandboxed window of its own, and
 * printed with the system print dialog. Only our own window's top frame may ask. Returns its removal.
 */
export function registerDocumentPrint(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  getCtx: () => HandlerCtx,
  trusted: () => WebContents | null,
  BrowserWindowCtor: WindowCtor,
): () => void {
  ipcMain.handle(PRINT_DOCUMENT_CHANNEL, async (event: IpcMainInvokeEvent, input: unknown): Promise<PrintOutcome> => {
    if (!isTrustedSender(event, trusted)) {
      return { ok: false, message: 'This call did not come from the Counter POS window and was refused.' };
    }
    // Barcode labels come as { labels: input of labelsHtml }, on their own page size; documents as { kind, id }.
    const labels = typeof input === 'object' && input !== null && 'labels' in input ? input.labels : undefined;
    const made = labels
      ? await dispatch(getCtx(), 'labelsHtml', labels)
      : await dispatch(getCtx(), 'documentHtml', input);
    if (!made.ok) return { ok: false, message: made.error.message };
    const doc = made.value as DocumentHtml | LabelsHtml;
    try {
      return await printDocumentHtml(BrowserWindowCtor, doc.html, 'page' in doc ? doc.page : doc.paperSize, doc.title);
    } catch (error) {
      return { ok: false, message: `${doc.title} did not print: ${error instanceof Error ? error.message : error}.` };
    }
  });
  return () => ipcMain.removeHandler(PRINT_DOCUMENT_CHANNEL);
}
