// The Exports screen against the real backend: a format and a date range, the preview's counts and rows, Export runs
// the file job and downloads its file; Xero's settings saved by an Admin change the preview.
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { lastMonth } from '../../renderer/exports/ExportsScreen.tsx';
import { buildExport } from '../../db/services/exports.ts';
import { freshBackend, okValue, serviceCtx, type Backend } from '../support/backend.ts';
import { renderApp } from './render.tsx';

async function shop(): Promise<{ b: Backend; number: string }> {
  const b = await freshBackend();
  const { ids } = b;
  const sale = await okValue(
    b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-10-05',
      lines: [
        {
          productId: ids.laptop,
          description: 'Latitude 5440 Laptop',
          qty: 1000,
          unitPriceMinor: 124_900,
          taxable: true,
          serialIds: [ids.serial('DL5440-0001')],
        },
        { productId: null, description: 'Setup', qty: 1000, unitPriceMinor: 5_000, taxable: false, serialIds: [] },
      ],
    }),
  );
  await okValue(
    b.api.takePayment({ invoiceId: sale.id, amountMinor: 10_000, methodId: ids.method('cash'), paidOn: '2026-10-06' }),
  );
  return { b, number: sale.number };
}

async function openExports(b: Backend) {
  const app = await renderApp(b, { start: 'sell' });
  await app.user.click(
    within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Exports' }),
  );
  await screen.findByRole('heading', { name: 'Exports' });
  return app;
}

async function october(user: Awaited<ReturnType<typeof openExports>>['user']) {
  await user.clear(screen.getByLabelText('From'));
  await user.type(screen.getByLabelText('From'), '2026-10-01');
  await user.clear(screen.getByLabelText('To'));
  await user.type(screen.getByLabelText('To'), '2026-10-31');
}

describe('Exports screen', () => {
  it('defaults to last month', () => {
    expect(lastMonth(new Date(2026, 0, 15))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(lastMonth(new Date(2026, 2, 31))).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('previews the counts and first rows, and Export downloads the file the job made', async () => {
    const { b, number } = await shop();
    const { user } = await openExports(b);
    await october(user);
    await user.selectOptions(screen.getByLabelText('Format'), 'QuickBooks Desktop (IIF)');
    expect(
      await screen.findByText('1 invoice, 2 lines, 1 payment, 1 serial number; 8 rows in the file.'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Preview of quickbooks-desktop-2026-10-01-to-2026-10-31.iif' }),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Export preview' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent)
        .slice(0, 3),
    ).toEqual(['!TRNS', 'TRNSID', 'TRNSTYPE']);
    expect(within(table).getAllByRole('row')[1]!.textContent).toContain(number);

    await user.selectOptions(screen.getByLabelText('Format'), 'QuickBooks Online (invoices CSV)');
    expect(
      await screen.findByText('1 invoice, 2 lines, 0 payments, 1 serial number; 2 rows in the file.'),
    ).toBeInTheDocument();

    let blob: Blob | undefined;
    URL.createObjectURL = vi.fn((made: Blob) => {
      blob = made;
      return 'blob:export';
    });
    URL.revokeObjectURL = vi.fn();
    const names: string[] = [];
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      names.push(this.download);
    });
    try {
      await user.click(screen.getByRole('button', { name: 'Export' }));
      expect(
        await screen.findByText('Exported quickbooks-online-invoices-2026-10-01-to-2026-10-31.csv.'),
      ).toBeInTheDocument();
      expect(clicked).toHaveBeenCalledTimes(1);
      expect(names).toEqual(['quickbooks-online-invoices-2026-10-01-to-2026-10-31.csv']);
      const expected = (
        await buildExport(serviceCtx(b), { format: 'quickbooks_online', from: '2026-10-01', to: '2026-10-31' })
      ).text;
      const bytes = new Uint8Array(await blob!.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(expected);
      expect(blob!.type).toBe('text/csv');
    } finally {
      clicked.mockRestore();
    }
  });

  it('an Admin maps Xero tax types; the preview shows them; a wrong range is explained', async () => {
    const { b, number } = await shop();
    const { user } = await openExports(b);
    await october(user);
    await user.selectOptions(screen.getByLabelText('Format'), 'Xero (sales invoices CSV)');
    const form = await screen.findByRole('form', { name: 'Xero settings' });
    await user.clear(within(form).getByLabelText('Sales account code'));
    await user.type(within(form).getByLabelText('Sales account code'), '4000');
    await user.clear(within(form).getByLabelText('Tax type for Sales tax 7.5%'));
    await user.type(within(form).getByLabelText('Tax type for Sales tax 7.5%'), 'TAX001');
    await user.clear(within(form).getByLabelText('Tax type for untaxed lines'));
    await user.type(within(form).getByLabelText('Tax type for untaxed lines'), 'EXEMPTOUTPUT');
    await user.click(within(form).getByRole('button', { name: 'Save Xero settings' }));
    expect(await within(form).findByText('Xero settings saved.')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Export preview' });
    await vi.waitFor(() => {
      const rows = within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent));
      expect(rows.map((r) => [r[2], r[8], r[9]])).toEqual([
        [number, '4000', 'TAX001'],
        [number, '4000', 'EXEMPTOUTPUT'],
      ]);
    });

    await user.clear(screen.getByLabelText('From'));
    await user.type(screen.getByLabelText('From'), '2026-11-15');
    expect(await screen.findByRole('alert')).toHaveTextContent('From (2026-11-15) is after To (2026-10-31)');
    expect(screen.getByRole('button', { name: 'Export' })).toBeDisabled();
  });
});
