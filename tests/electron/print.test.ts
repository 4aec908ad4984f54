// Printing a receipt from the desktop app, with Electron's objects replaced by small fakes at the boundary: only our
// own window may ask; main prints that window with Settings → Counter's printer, silently when set.
import { describe, expect, it, vi } from 'vitest';
import { PRINT_RECEIPT_CHANNEL } from '../../core/methods.ts';
import { printContents, receiptPrintOptions, registerPrint } from '../../electron/print.ts';
import { APP_ORIGIN } from '../../electron/security.ts';

type Print = (options: unknown, done: (success: boolean, failureReason: string) => void) => void;

function setup(result: [boolean, string], settings = { receiptPrinter: 'TM-T20III', silentPrint: true }) {
  const handlers = new Map<string, (event: unknown) => Promise<unknown>>();
  const ipcMain = {
    handle: vi.fn((channel: string, fn: (event: unknown) => Promise<unknown>) => void handlers.set(channel, fn)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
  const print = vi.fn<Print>((_options, done) => done(...result));
  const own = { id: 1, print } as never;
  const remove = registerPrint(
    ipcMain,
    async () => settings,
    () => own,
  );
  const ask = (over: { sender?: unknown; url?: string } = {}) =>
    handlers.get(PRINT_RECEIPT_CHANNEL)!({
      sender: over.sender ?? own,
      senderFrame: { url: over.url ?? `${APP_ORIGIN}/index.html`, parent: null },
    });
  return { handlers, print, ask, remove };
}

describe('printing a receipt (Electron)', () => {
  it('prints our window to the chosen printer, silently when set', async () => {
    const { print, ask } = setup([true, '']);
    expect(await ask()).toEqual({ ok: true });
    expect(print).toHaveBeenCalledWith(
      { silent: true, printBackground: false, deviceName: 'TM-T20III' },
      expect.any(Function),
    );
  });

  it('uses the system default printer with the dialog when nothing is set', () => {
    expect(receiptPrintOptions({ receiptPrinter: ' ', silentPrint: false })).toEqual({
      silent: false,
      printBackground: false,
    });
  });

  it('refuses a call from anything but our own window, and prints nothing', async () => {
    const { print, ask } = setup([true, '']);
    expect(await ask({ sender: { id: 9 } })).toEqual({
      ok: false,
      message: 'This call did not come from the Counter POS window and was refused.',
    });
    expect(await ask({ url: 'https://evil.example/' })).toMatchObject({ ok: false });
    expect(print).not.toHaveBeenCalled();
  });

  it('says why a receipt did not print; a cancelled print dialog is no error', async () => {
    expect(await setup([false, 'Printer is offline']).ask()).toEqual({
      ok: false,
      message: 'The receipt did not print: Printer is offline.',
    });
    const cancelled = vi.fn<Print>((_o, done) => done(false, 'Print job canceled'));
    expect(await printContents({ print: cancelled } as never, { silent: false })).toEqual({ ok: true });
  });

  it('removes its handler', () => {
    const { handlers, remove } = setup([true, '']);
    remove();
    expect(handlers.has(PRINT_RECEIPT_CHANNEL)).toBe(false);
  });
});
