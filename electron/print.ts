// Printing a receipt from the desktop app: the renderer asks through the preload's named function (posPrint), and
// main prints its own window with webContents.print to the printer Settings → Counter names, silently when set. Only
// our own window's top frame may ask (the same check as every contract call). The receipt's print stylesheet makes
// the page print the receipt alone, at 80 or 58 mm.
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebContentsPrintOptions } from 'electron';
import { PRINT_RECEIPT_CHANNEL } from '../core/methods.ts';
import type { CounterSettings } from '../core/model.ts';
import { isTrustedSender } from './ipc.ts';

export type PrintOutcome = { ok: true } | { ok: false; message: string };

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
