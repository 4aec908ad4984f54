// Documents on screen, against the real backend (PDFs made by a real Chromium): Download PDF and Print on a saved
// invoice, the purchase order's total and its Download PDF, Download PDFs from the Invoices page's bulk actions (with
// progress and the problems), and Settings → Documents (paper and logo).
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Invoice } from '../../core/model.ts';
import { useNav } from '../../renderer/stores/nav.ts';
import { freshBackend, okValue, type Backend } from '../support/backend.ts';
import { renderApp } from './render.tsx';

/** Captures what a temporary <a download> hands over: its file name and its bytes. */
function catchDownloads() {
  const blobs = new Map<string, Blob>();
  const got: Array<{ name: string; bytes: () => Promise<Uint8Array> }> = [];
  let n = 0;
  URL.createObjectURL = vi.fn((blob: Blob) => {
    const url = `blob:doc-${++n}`;
    blobs.set(url, blob);
    return url;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const blob = blobs.get(this.href)!;
    got.push({ name: this.download, bytes: async () => new Uint8Array(await blob.arrayBuffer()) });
  });
  return got;
}
afterEach(() => vi.restoreAllMocks());

async function saleInvoice(b: Backend): Promise<Invoice> {
  return okValue(
    b.api.saveInvoice({
      customerId: b.ids.acme,
      locationId: b.ids.main,
      invoiceDate: '2026-11-21',
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
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('Download PDF and Print on an invoice', () => {
  it('downloads the saved invoice as INV-000001.pdf', async () => {
    const b = await freshBackend();
    const inv = await saleInvoice(b);
    const downloads = catchDownloads();
    const { user } = await renderApp(b);
    act(() => useNav.getState().go({ name: 'invoice', invoiceId: inv.id }));
    await screen.findByRole('heading', { name: 'Invoice INV-000001' });
    await user.click(screen.getByRole('button', { name: 'Download PDF' }));
    expect(await screen.findByText('Downloaded INV-000001.pdf.', {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(downloads.map((d) => d.name)).toEqual(['INV-000001.pdf']);
    expect(text(await downloads[0]!.bytes()).startsWith('%PDF-')).toBe(true);
  });

  it('shows no document buttons on a new invoice', async () => {
    await renderApp();
    expect(screen.queryByRole('button', { name: 'Download PDF' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Print' })).toBeNull();
  });

  it('prints through the desktop when the preload offers it', async () => {
    const b = await freshBackend();
    const inv = await saleInvoice(b);
    const printDocument = vi.fn(async () => ({
      ok: false as const,
      message: 'Invoice INV-000001 did not print: Printer is offline.',
    }));
    window.posPrint = { printReceipt: vi.fn(), printDocument };
    try {
      const { user } = await renderApp(b);
      act(() => useNav.getState().go({ name: 'invoice', invoiceId: inv.id }));
      await screen.findByRole('heading', { name: 'Invoice INV-000001' });
      await user.click(screen.getByRole('button', { name: 'Print' }));
      expect(printDocument).toHaveBeenCalledWith('invoice', inv.id);
      expect(await screen.findByRole('alert')).toHaveTextContent('Printer is offline');
    } finally {
      delete window.posPrint;
    }
  });
});

describe('a credit note', () => {
  it('is downloaded from the returns listed on its invoice', async () => {
    const b = await freshBackend();
    const inv = await saleInvoice(b);
    const { creditNote } = await okValue(
      b.api.completeReturn({
        invoiceId: inv.id,
        refundTo: 'credit',
        reason: 'Changed mind',
        lines: [
          {
            invoiceLineId: inv.lines[0]!.id,
            qty: 1000,
            units: [{ serialId: b.ids.serial('DL5440-0001'), disposition: 'stock' }],
          },
        ],
      }),
    );
    const downloads = catchDownloads();
    const { user } = await renderApp(b);
    act(() => useNav.getState().go({ name: 'invoice', invoiceId: inv.id }));
    const returns = await screen.findByRole('table', { name: 'Returns on this invoice' });
    await user.click(within(returns).getByRole('button', { name: `Download PDF of ${creditNote.number}` }));
    expect(
      await screen.findByText(`Downloaded ${creditNote.number}.pdf.`, {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(downloads.map((d) => d.name)).toEqual([`${creditNote.number}.pdf`]);
    expect(within(returns).getByRole('button', { name: `Print ${creditNote.number}` })).toBeEnabled();
  });
});

describe('a purchase order', () => {
  it('shows its order total, follows edits, and downloads its PDF', async () => {
    const b = await freshBackend();
    const po = await okValue(
      b.api.savePurchaseOrder({
        vendorId: b.ids.northwind,
        locationId: b.ids.main,
        notes: '',
        lines: [
          { productId: b.ids.laptop, qty: 3, unitCostMinor: 90_000 },
          { productId: b.ids.cable, qty: 10, unitCostMinor: 450 },
        ],
      }),
    );
    const downloads = catchDownloads();
    const { user } = await renderApp(b);
    act(() => useNav.getState().go({ name: 'purchaseOrder', id: po.id }));
    const lines = await screen.findByRole('table', { name: 'Order lines' });
    const totalRow = () => within(lines).getByRole('row', { name: /Order total/ });
    await waitFor(() => expect(totalRow()).toHaveTextContent('$2,745.00'));

    await user.clear(screen.getByLabelText('Quantity of USB-C Cable 2m'));
    await user.type(screen.getByLabelText('Quantity of USB-C Cable 2m'), '20');
    expect(totalRow()).toHaveTextContent('$2,790.00');
    // Unsaved: the PDF would not show what is on screen.
    expect(screen.getByRole('button', { name: 'Download PDF' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await screen.findByText(`Saved ${po.number}.`);

    await user.click(screen.getByRole('button', { name: 'Download PDF' }));
    expect(await screen.findByText(`Downloaded ${po.number}.pdf.`, {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(downloads.map((d) => d.name)).toEqual([`${po.number}.pdf`]);
  });
});

describe('Download PDFs (bulk action)', () => {
  it('renders one PDF per ticked invoice into a zip, with progress, and downloads it', async () => {
    const b = await freshBackend();
    await saleInvoice(b);
    await okValue(
      b.api.saveInvoice({
        customerId: b.ids.walkIn,
        locationId: b.ids.main,
        invoiceDate: '2026-11-21',
        lines: [
          {
            productId: b.ids.cable,
            description: 'USB-C Cable 2m',
            qty: 1000,
            unitPriceMinor: 1_999,
            taxable: true,
            serialIds: [],
          },
        ],
      }),
    );
    const downloads = catchDownloads();
    const { user } = await renderApp(b);
    await user.click(
      within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Invoices' }),
    );
    await screen.findByRole('table', { name: 'Saved invoices' });
    await user.click(await screen.findByRole('checkbox', { name: 'Select INV-000001' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select INV-000002' }));
    await user.click(screen.getByRole('button', { name: 'Bulk actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Download PDFs' }));

    const batch = screen.getByLabelText('Download PDFs');
    expect(await within(batch).findByRole('progressbar', { name: 'PDFs rendered' })).toHaveAttribute('max', '2');
    expect(
      await within(batch).findByText('Downloaded invoices-2026-11-21.zip: 2 PDFs.', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(within(batch).getByRole('progressbar')).toHaveAttribute('aria-valuetext', 'Rendered 2 of 2');
    expect(downloads.map((d) => d.name)).toEqual(['invoices-2026-11-21.zip']);
    const files = unzipSync(await downloads[0]!.bytes());
    expect(Object.keys(files).sort()).toEqual(['INV-000001.pdf', 'INV-000002.pdf']);
    await user.click(within(batch).getByRole('button', { name: 'Close' }));
    expect(screen.queryByLabelText('Download PDFs')).toBeNull();
  });
});

describe('Settings → Documents', () => {
  it('saves the paper and a logo, and removes the logo', async () => {
    const b = await freshBackend();
    const { user } = await renderApp(b);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const form = await screen.findByRole('form', { name: 'Document settings' });
    const paper = within(form).getByLabelText('Paper');
    expect(paper).toHaveDisplayValue('A4 (210 × 297 mm)');
    await user.selectOptions(paper, 'US Letter (8.5 × 11 in)');

    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    const picker = within(form).getByLabelText('Logo file (PNG, JPEG or SVG)');
    expect(within(form).queryByRole('img')).toBeNull();
    await user.upload(picker, new File([svg], 'logo.svg', { type: 'image/svg+xml' }));
    expect(await within(form).findByRole('img', { name: 'The logo on documents' })).toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Save document settings' }));
    expect(
      await within(form).findByText('Saved the document settings: US Letter (8.5 × 11 in), with the logo.'),
    ).toBeInTheDocument();
    const saved = await okValue(b.api.getDocumentSettings({}));
    expect(saved.paperSize).toBe('letter');
    expect(saved.logoDataUrl).toBe(`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`);

    await user.click(within(form).getByRole('button', { name: 'Remove logo' }));
    await user.click(within(form).getByRole('button', { name: 'Save document settings' }));
    expect(
      await within(form).findByText('Saved the document settings: US Letter (8.5 × 11 in), no logo.'),
    ).toBeInTheDocument();
    expect(await okValue(b.api.getDocumentSettings({}))).toEqual({ paperSize: 'letter', logoDataUrl: '' });
  });

  it('refuses a file that is not a PNG, JPEG or SVG image, saying so', async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const form = await screen.findByRole('form', { name: 'Document settings' });
    const picker = within(form).getByLabelText('Logo file (PNG, JPEG or SVG)');
    // The picker offers only those types; a file chosen anyway (dropped, or "All files") is checked too.
    fireEvent.change(picker, { target: { files: [new File(['GIF89a'], 'logo.gif', { type: 'image/gif' })] } });
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'logo.gif is not a PNG, JPEG or SVG image: choose one of those.',
    );
    expect(picker).toHaveAttribute('aria-invalid', 'true');
  });
});
