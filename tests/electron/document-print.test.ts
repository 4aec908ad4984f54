// The desktop's documents with Electron's BrowserWindow replaced by a small fake at the boundary (its binary cannot run
// here): PDFs come from printToPDF in a hidden, sandboxed window that loads only the template; Print opens the system
// dialog on that window, only for our own window, with the document the store makes (a real store).
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRINT_DOCUMENT_CHANNEL } from '../../core/methods.ts';
import type { Invoice } from '../../core/model.ts';
import { electronPdfRenderer, type WindowCtor } from '../../electron/documents/electronPdf.ts';
import { registerDocumentPrint } from '../../electron/print.ts';
import { APP_ORIGIN } from '../../electron/security.ts';
import { freshBackend, okValue, type Backend } from '../support/backend.ts';

type Print = (options: unknown, done: (success: boolean, failureReason: string) => void) => void;
type BeforeRequest = (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void;

/** BrowserWindow as the document windows use it. */
function fakeWindows(printResult: [boolean, string] = [true, '']) {
  const made: FakeWindow[] = [];
  class FakeWindow {
    options: { show: boolean; webPreferences: Record<string, unknown> };
    destroyed = false;
    loaded: string | null = null;
    beforeRequest: BeforeRequest | null = null;
    openHandler: (() => { action: string }) | null = null;
    webContents = Object.assign(new EventEmitter(), {
      session: {
        webRequest: { onBeforeRequest: (fn: BeforeRequest) => void (this.beforeRequest = fn) },
      },
      setWindowOpenHandler: (fn: () => { action: string }) => void (this.openHandler = fn),
      printToPDF: vi.fn(async () => Buffer.from('%PDF-1.4 fake')),
      print: vi.fn<Print>((_options, done) => done(...printResult)),
    });
    constructor(options: FakeWindow['options']) {
      this.options = options;
      made.push(this);
    }
    loadURL = vi.fn(async (url: string) => void (this.loaded = url));
    destroy = () => void (this.destroyed = true);
    /** The HTML the window was given (its data: URL decoded). */
    html() {
      const m = /^data:text\/html;charset=utf-8;base64,(.*)$/.exec(this.loaded ?? '');
      return m ? Buffer.from(m[1]!, 'base64').toString('utf8') : null;
    }
  }
  return { made, Ctor: FakeWindow as unknown as WindowCtor };
}

describe('PDFs on the desktop (printToPDF)', () => {
  it('lays out the HTML in a hidden, sandboxed window with no script, no preload and no navigation', async () => {
    const { made, Ctor } = fakeWindows();
    const pdf = electronPdfRenderer(Ctor);
    const bytes = await pdf.pdf('<!doctype html><p>INV-000001</p>', 'letter');
    expect(Buffer.from(bytes).toString()).toBe('%PDF-1.4 fake');
    expect(made).toHaveLength(1);
    const win = made[0]!;
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
    });
    expect(win.options.webPreferences).not.toHaveProperty('preload');
    expect(win.html()).toBe('<!doctype html><p>INV-000001</p>');
    expect(win.webContents.printToPDF).toHaveBeenCalledWith({ pageSize: 'Letter', printBackground: true });
    expect(win.destroyed).toBe(true);

    // Nothing but the page: a link is not followed, no window opens, no request leaves.
    const navigation = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', navigation, 'https://evil.example/');
    expect(navigation.preventDefault).toHaveBeenCalled();
    expect(win.openHandler!()).toEqual({ action: 'deny' });
    const answer = (url: string) => {
      let cancel: boolean | undefined;
      win.beforeRequest!({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(answer('https://evil.example/pixel.png')).toBe(true);
    expect(answer('file:///etc/passwd')).toBe(true);
    expect(answer(win.loaded!)).toBe(false);

    await pdf.pdf('<p>x</p>', 'a4');
    expect(made[1]!.webContents.printToPDF).toHaveBeenCalledWith({ pageSize: 'A4', printBackground: true });
    // A label: its own size in inches, no margin (the label draws its own).
    await pdf.pdf('<p>x</p>', { widthMm: 50.8, heightMm: 25.4 });
    expect(made[2]!.webContents.printToPDF).toHaveBeenCalledWith({
      pageSize: { width: 2, height: 1 },
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      printBackground: true,
    });
  });

  it('closes the window when the layout fails', async () => {
    const { made, Ctor } = fakeWindows();
    const pdf = electronPdfRenderer(Ctor);
    const failing = pdf.pdf('<p>x</p>', 'a4');
    made[0]!.webContents.printToPDF.mockRejectedValueOnce(new Error('renderer gone'));
    await expect(failing).rejects.toThrow('renderer gone');
    expect(made[0]!.destroyed).toBe(true);
  });
});

describe('Print on the desktop (the system print dialog)', () => {
  let b: Backend;
  let invoice: Invoice;
  beforeEach(async () => {
    b = await freshBackend();
    invoice = await okValue(
      b.api.saveInvoice({
        customerId: b.ids.acme,
        locationId: b.ids.main,
        invoiceDate: '2026-11-21',
        notes: '',
        lines: [
          {
            productId: b.ids.laptop,
            description: 'Latitude 5440 Laptop',
            qty: 1000,
            unitPriceMinor: 124_900,
            taxable: true,
            serialIds: [b.ids.serial('DL5440-0001')],
          },
        ],
      }),
    );
  });
  afterEach(() => b.close());

  function setup(printResult: [boolean, string] = [true, '']) {
    const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
    const ipcMain = {
      handle: vi.fn((channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) =>
        handlers.set(channel, fn),
      ),
      removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
    };
    const own = { id: 1 } as never;
    const windows = fakeWindows(printResult);
    const remove = registerDocumentPrint(
      ipcMain as never,
      () => b.ctx,
      () => own,
      windows.Ctor,
    );
    const ask = (input: unknown, over: { sender?: unknown; url?: string } = {}) =>
      handlers.get(PRINT_DOCUMENT_CHANNEL)!(
        { sender: over.sender ?? own, senderFrame: { url: over.url ?? `${APP_ORIGIN}/index.html`, parent: null } },
        input,
      );
    return { ...windows, ask, remove, handlers };
  }

  it('prints the invoice from the template in a hidden window, with the dialog, and closes it', async () => {
    const { made, ask } = setup();
    expect(await ask({ kind: 'invoice', id: invoice.id })).toEqual({ ok: true });
    expect(made).toHaveLength(1);
    const win = made[0]!;
    expect(win.html()).toContain('INV-000001');
    expect(win.html()).toContain('DL5440-0001');
    expect(win.webContents.print).toHaveBeenCalledWith(
      { silent: false, printBackground: true, pageSize: 'A4' },
      expect.any(Function),
    );
    expect(win.destroyed).toBe(true);
  });

  it('prints on the paper Settings → Documents chose', async () => {
    await okValue(b.api.saveDocumentSettings({ paperSize: 'letter', logoDataUrl: '' }));
    const { made, ask } = setup();
    await ask({ kind: 'invoice', id: invoice.id });
    expect(made[0]!.webContents.print).toHaveBeenCalledWith(
      expect.objectContaining({ pageSize: 'Letter' }),
      expect.any(Function),
    );
  });

  it('refuses a call from anything but our own window, and opens nothing', async () => {
    const { made, ask } = setup();
    expect(await ask({ kind: 'invoice', id: invoice.id }, { sender: { id: 9 } })).toEqual({
      ok: false,
      message: 'This call did not come from the Counter POS window and was refused.',
    });
    expect(await ask({ kind: 'invoice', id: invoice.id }, { url: 'https://evil.example/' })).toMatchObject({
      ok: false,
    });
    expect(made).toHaveLength(0);
  });

  it('says why: an unknown document, a bad kind, nobody signed in, a printer that refused', async () => {
    const { made, ask } = setup();
    expect(await ask({ kind: 'invoice', id: 9999 })).toEqual({ ok: false, message: 'No invoice with id 9999.' });
    expect(await ask({ kind: 'receipt', id: invoice.id })).toMatchObject({
      ok: false,
      message: expect.stringContaining('Invalid input for documentHtml'),
    });
    b.ctx.session = { staff: null };
    expect(await ask({ kind: 'invoice', id: invoice.id })).toEqual({
      ok: false,
      message: 'Sign in with your PIN first.',
    });
    expect(made).toHaveLength(0);

    const offline = setup([false, 'Printer is offline']);
    b.ctx.session = { staff: { id: 0, name: 'test', role: 'admin' } };
    expect(await offline.ask({ kind: 'invoice', id: invoice.id })).toEqual({
      ok: false,
      message: 'Invoice INV-000001 did not print: Printer is offline.',
    });
    expect(offline.made[0]!.destroyed).toBe(true);
    // A cancelled dialog is no error.
    expect(await setup([false, 'Print job canceled']).ask({ kind: 'invoice', id: invoice.id })).toEqual({ ok: true });
  });

  it('prints barcode labels on the label’s own page size, without margins', async () => {
    const { made, ask } = setup();
    const labels = { serialIds: [b.ids.serial('DL5440-0002')], size: '62x29', code: 'sn', showPrice: true };
    expect(await ask({ labels })).toEqual({ ok: true });
    expect(made[0]!.html()).toContain('SN:DL5440-0002');
    expect(made[0]!.webContents.print).toHaveBeenCalledWith(
      {
        silent: false,
        printBackground: true,
        pageSize: { width: 62_000, height: 29_000 },
        margins: { marginType: 'none' },
      },
      expect.any(Function),
    );
    expect(made[0]!.destroyed).toBe(true);
    expect(await ask({ labels: { ...labels, serialIds: [999_999] } })).toEqual({
      ok: false,
      message: 'No unit with id 999999: no label was made.',
    });
    expect(made).toHaveLength(1);
  });

  it('removes its handler', () => {
    const { handlers, remove } = setup();
    remove();
    expect(handlers.has(PRINT_DOCUMENT_CHANNEL)).toBe(false);
  });
});
