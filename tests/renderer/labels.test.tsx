// Print labels on screen, against the real backend (the PDF made by a real Chromium): units chosen on the Serial
// Numbers list, the dialog's live preview, Download PDF, GS1 DataMatrix offered only when a product has a GTIN; the
// goods receipt's Print labels for the units it brought in; the Products screen's in transit and reserved columns.
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useNav } from '../../renderer/stores/nav.ts';
import { freshBackend, okValue, type Backend } from '../support/backend.ts';
import { renderApp } from './render.tsx';

/** Captures what a temporary <a download> hands over: its file name and its first bytes. */
function catchDownloads() {
  const blobs = new Map<string, Blob>();
  const got: Array<{ name: string; head: () => Promise<string> }> = [];
  let n = 0;
  URL.createObjectURL = vi.fn((blob: Blob) => {
    const url = `blob:labels-${++n}`;
    blobs.set(url, blob);
    return url;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const blob = blobs.get(this.href)!;
    got.push({
      name: this.download,
      head: async () => new TextDecoder().decode((await blob.arrayBuffer()).slice(0, 5)),
    });
  });
  return got;
}
afterEach(() => vi.restoreAllMocks());

/** Clears the drill's barcode: its product has no GTIN then. */
async function drillWithoutGtin(b: Backend) {
  const drill = await b.one<{ sku: string; name: string; price_minor: number }>(
    'SELECT sku, name, price_minor FROM products WHERE id = ?',
    b.ids.drill,
  );
  await okValue(
    b.api.saveProduct({
      id: b.ids.drill,
      sku: drill.sku,
      barcode: null,
      name: drill.name,
      priceMinor: drill.price_minor,
      taxable: true,
      serialized: true,
      maintainStock: true,
    }),
  );
}

describe('Print labels', () => {
  it('prints labels for units chosen on the Serial Numbers list, with a preview and a PDF', async () => {
    const downloads = catchDownloads();
    const { user } = await renderApp(undefined, { start: 'sell' });
    await user.click(screen.getByRole('button', { name: 'Serial Numbers' }));
    const table = await screen.findByRole('table', { name: 'Serials' });
    expect(screen.getByRole('button', { name: 'Print labels' })).toBeDisabled();
    await user.click(await within(table).findByRole('checkbox', { name: 'Choose DL5440-0001 for labels' }));
    await user.click(within(table).getByRole('checkbox', { name: 'Choose DL5440-0002 for labels' }));
    await user.click(screen.getByRole('button', { name: 'Print labels (2)' }));

    const dialog = screen.getByRole('dialog', { name: 'Print labels' });
    const preview = await within(dialog).findByTitle('Label preview');
    expect(preview.getAttribute('sandbox')).toBe('');
    expect(preview.getAttribute('srcdoc')).toContain('SN:DL5440-0001');
    expect(preview.getAttribute('srcdoc')).toContain('SN:DL5440-0002');
    expect(within(dialog).getByText('2 labels on 2 pages.')).toBeInTheDocument();
    // The laptop has a GTIN: GS1 DataMatrix may be chosen.
    const gs1 = within(dialog).getByRole('radio', { name: 'GS1 DataMatrix' });
    expect(gs1).toBeEnabled();
    await user.click(gs1);
    await waitFor(() => expect(within(dialog).getByTitle('Label preview').getAttribute('srcdoc')).toContain('(01) '));
    await user.selectOptions(within(dialog).getByLabelText('Label size'), 'A4 sheet, 3 × 8');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Show price' }));
    await waitFor(() => expect(within(dialog).getByText('2 labels on 1 sheet.')).toBeInTheDocument());
    expect(within(dialog).getByTitle('Label preview').getAttribute('srcdoc')).toContain('$1,249.00');

    const download = within(dialog).getByRole('button', { name: 'Download PDF' });
    expect(download).toBeEnabled();
    await user.click(download);
    expect(await within(dialog).findByRole('status')).toHaveTextContent('Downloaded labels-');
    expect(downloads).toHaveLength(1);
    expect(downloads[0]!.name).toMatch(/^labels-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(await downloads[0]!.head()).toBe('%PDF-');
  });

  it('offers GS1 DataMatrix only when a product has a GTIN, and says why not', async () => {
    const b = await freshBackend();
    await drillWithoutGtin(b);
    const { user } = await renderApp(b, { start: 'sell' });
    await user.click(screen.getByRole('button', { name: 'Serial Numbers' }));
    const table = await screen.findByRole('table', { name: 'Serials' });
    await user.click(await within(table).findByRole('checkbox', { name: 'Choose MKT18-A1001 for labels' }));
    await user.click(screen.getByRole('button', { name: 'Print labels (1)' }));
    const dialog = screen.getByRole('dialog', { name: 'Print labels' });
    await within(dialog).findByTitle('Label preview');
    const gs1 = within(dialog).getByRole('radio', { name: 'GS1 DataMatrix' });
    expect(gs1).toBeDisabled();
    expect(gs1).toHaveAccessibleDescription(
      'Not available: this product has no GTIN (a barcode with a valid check digit).',
    );
    expect(within(dialog).getByRole('radio', { name: 'SN: Code 128' })).toBeChecked();
    expect(within(dialog).getByRole('button', { name: 'Download PDF' })).toBeEnabled();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('prints labels for the units a goods receipt brought in', async () => {
    const b = await freshBackend();
    const received = await okValue(
      b.api.receiveGoods({
        locationId: b.ids.main,
        lines: [{ productId: b.ids.laptop, qty: 2, serials: [{ serial: 'DL5440-0201' }, { serial: 'DL5440-0202' }] }],
      }),
    );
    const { user } = await renderApp(b, { start: 'sell' });
    act(() => useNav.getState().go({ name: 'receipt', id: received.receiptId }));
    await screen.findByRole('heading', { name: `Goods receipt ${received.number}` });
    await user.click(screen.getByRole('button', { name: 'Print labels' }));
    const dialog = screen.getByRole('dialog', { name: 'Print labels' });
    const preview = await within(dialog).findByTitle('Label preview');
    expect(preview.getAttribute('srcdoc')).toContain('SN:DL5440-0201');
    expect(preview.getAttribute('srcdoc')).toContain('SN:DL5440-0202');
    expect(preview.getAttribute('srcdoc')).not.toContain('SN:DL5440-0001');
  });
});

describe('Products: stock per location', () => {
  it('shows on hand, in transit and reserved per location', async () => {
    const b = await freshBackend();
    // A Draft at Main Store holds one laptop (Reserved) and 3 cables.
    await okValue(
      b.api.saveInvoice({
        customerId: b.ids.acme,
        locationId: b.ids.main,
        invoiceDate: '2026-11-21',
        draft: true,
        lines: [
          {
            productId: b.ids.laptop,
            description: 'Latitude 5440 Laptop',
            qty: 1000,
            unitPriceMinor: 124_900,
            taxable: true,
            serialIds: [b.ids.serial('DL5440-0001')],
          },
          {
            productId: b.ids.cable,
            description: 'USB-C cable',
            qty: 3000,
            unitPriceMinor: 1_999,
            taxable: true,
            serialIds: [],
          },
        ],
      }),
    );
    const { user } = await renderApp(b, { start: 'sell' });
    await user.click(screen.getByRole('button', { name: 'Products' }));
    const table = await screen.findByRole('table', { name: 'Products' });
    expect(within(table).getByRole('columnheader', { name: 'In transit' })).toBeInTheDocument();
    expect(within(table).getByRole('columnheader', { name: 'Reserved' })).toBeInTheDocument();
    const laptop = within(table).getByText('Latitude 5440 Laptop').closest('tr')!;
    const column = (row: HTMLElement, name: string) => {
      const headers = within(table).getAllByRole('columnheader');
      const index = headers.findIndex((h) => h.textContent === name);
      return within(row).getAllByRole('cell')[index]!;
    };
    await waitFor(() => expect(column(laptop, 'Reserved')).toHaveTextContent('Main Store: 1'));
    expect(column(laptop, 'On hand')).toHaveTextContent('Main Store: 2, Warehouse: 1');
    expect(column(laptop, 'In transit')).toHaveTextContent('None');
    const cable = within(table).getByText('USB-C Cable 2m').closest('tr')!;
    expect(column(cable, 'Reserved')).toHaveTextContent('Main Store: 3');
  });
});
