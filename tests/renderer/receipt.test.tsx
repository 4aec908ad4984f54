// The receipt as the counter shows and prints it, from a real sale on the real backend: the serial numbers under
// their line, the tenders and change, the invoice number as a Code 128 barcode (SVG), and Print receipt printing the
// receipt alone (browser mode: the page's print).
import { render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { onTestFinished, describe, expect, it, vi } from 'vitest';
import type { Outcome } from '../../core/contract.ts';
import { ApiProvider } from '../../renderer/api/ApiProvider.tsx';
import { ApprovalProvider } from '../../renderer/components/ManagerApproval.tsx';
import { InvoiceEditor } from '../../renderer/invoice/InvoiceEditor.tsx';
import { ShopFormatProvider } from '../../renderer/components/ShopFormat.tsx';
import { ReceiptDialog } from '../../renderer/receipt/ReceiptDialog.tsx';
import { ReceiptView } from '../../renderer/receipt/ReceiptView.tsx';
import { demoIds, freshBackend, type Backend } from '../support/backend.ts';

function ok<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
}

/** A counter sale: a laptop with its serial and a cable, 1,400.00 cash. */
async function sale() {
  const b = await freshBackend();
  onTestFinished(() => b.close());
  const ids = demoIds(b);
  const cash = ok(await b.api.listPaymentMethods({})).find((m) => m.kind === 'cash')!.id;
  ok(await b.api.openTill({ floatMinor: 0 }));
  const result = ok(
    await b.api.completeSale({
      sale: {
        customerId: ids.walkIn,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        lines: [
          {
            productId: ids.laptop,
            description: 'Latitude 5440 Laptop',
            qty: 1000,
            unitPriceMinor: 124_900,
            taxable: true,
            serialIds: [ids.serial('DL5440-0001')],
          },
          {
            productId: ids.cable,
            description: 'USB-C Cable 2m',
            qty: 2000,
            unitPriceMinor: 1_999,
            taxable: true,
            serialIds: [],
            discount: { kind: 'percent', value: 1000, reason: 'Bundle' },
          },
        ],
      },
      tenders: [{ methodId: cash, amountMinor: 140_000, reference: '' }],
    }),
  );
  return { b, result };
}

const withShop = (b: Backend, ui: React.ReactNode) => (
  <ApiProvider api={b.api}>
    <ApprovalProvider>
      <ShopFormatProvider currency="USD" locale="en-US">
        {ui}
      </ShopFormatProvider>
    </ApprovalProvider>
  </ApiProvider>
);

describe('the receipt', () => {
  it('shows the serial numbers under their line, the tenders, change and the barcode as SVG', async () => {
    const { b, result } = await sale();
    const number = result.invoice.number;
    render(withShop(b, <ReceiptView receipt={result.receipt} />));
    const receipt = screen.getByRole('article', { name: `Receipt ${number}` });
    expect(within(receipt).getByText('Counter POS Demo Shop')).toBeInTheDocument();
    expect(within(receipt).getByText('Tax ID: US-12-3456789')).toBeInTheDocument();
    const serials = within(receipt).getByRole('list', { name: 'Serial numbers of Latitude 5440 Laptop' });
    expect(
      within(serials)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['SN: DL5440-0001']);
    expect(within(receipt).queryByRole('list', { name: 'Serial numbers of USB-C Cable 2m' })).toBeNull();
    // 2 × 19.99 = 39.98, 10% off: 4.00, 35.98.
    expect(within(receipt).getByText('2 × 19.99 · USBC-2M')).toBeInTheDocument();
    expect(within(receipt).getByText('Discount 10% (Bundle)').nextSibling).toHaveTextContent('-4.00');
    // 1,249.00 + 35.98 = 1,284.98; tax 96.37; total 1,381.35; 1,400.00 cash, 18.65 change.
    const totals = within(receipt).getByRole('table', { name: 'Receipt totals' });
    expect(within(totals).getByRole('row', { name: /Sales tax 7.5%/ })).toHaveTextContent('96.37');
    expect(within(totals).getByRole('row', { name: /^Total/ })).toHaveTextContent('$1,381.35');
    const paid = within(receipt).getByRole('table', { name: 'Paid' });
    expect(within(paid).getByRole('row', { name: /Cash/ })).toHaveTextContent('1,400.00');
    expect(within(paid).getByRole('row', { name: /Change/ })).toHaveTextContent('18.65');

    const barcode = within(receipt).getByRole('img', { name: `Barcode ${number}` });
    expect(barcode.tagName.toLowerCase()).toBe('svg');
    expect(barcode.querySelectorAll('rect').length).toBeGreaterThan(10);
    expect(barcode.getAttribute('viewBox')).toMatch(/^0 0 \d+ \d+$/);
    expect(within(receipt).getByText(number, { selector: 'figcaption' })).toBeInTheDocument();
  });

  it('reprints from the invoice: Print receipt prints the receipt alone on 80 mm paper', async () => {
    const { b, result } = await sale();
    const number = result.invoice.number;
    const printed: Array<{ slip: string | null; page: string | null; printing: boolean }> = [];
    const print = vi.spyOn(window, 'print').mockImplementation(() => {
      const root = document.getElementById('print-root');
      printed.push({
        slip: root?.querySelector('[aria-label^="Receipt"]')?.getAttribute('aria-label') ?? null,
        page: document.getElementById('print-page')?.textContent ?? null,
        printing: document.body.classList.contains('printing-slip'),
      });
    });
    onTestFinished(() => print.mockRestore());
    const user = userEvent.setup();
    const closed = vi.fn();
    render(withShop(b, <ReceiptDialog of={{ invoiceId: result.invoice.id }} onClose={closed} />));
    const dialog = await screen.findByRole('dialog', { name: `Receipt ${number}` });
    expect(within(dialog).getByText('SN: DL5440-0001')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Print receipt' }));
    await waitFor(() => expect(print).toHaveBeenCalledTimes(1));
    expect(printed).toEqual([
      { slip: `Receipt ${number}`, page: expect.stringContaining('size: 80mm'), printing: true },
    ]);
    // Afterwards the page is as it was.
    expect(document.getElementById('print-root')).toBeNull();
    expect(document.body.classList.contains('printing-slip')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(closed).toHaveBeenCalled();
  });

  it('is reprinted from the saved invoice: Reprint receipt opens it', async () => {
    const { b, result } = await sale();
    const info = ok(await b.api.appInfo({}));
    const user = userEvent.setup();
    render(withShop(b, <InvoiceEditor info={info} invoiceId={result.invoice.id} />));
    await user.click(await screen.findByRole('button', { name: 'Reprint receipt' }));
    const dialog = await screen.findByRole('dialog', { name: `Receipt ${result.invoice.number}` });
    expect(within(dialog).getByText('SN: DL5440-0001')).toBeInTheDocument();
    expect(within(dialog).getByRole('img', { name: `Barcode ${result.invoice.number}` })).toBeInTheDocument();
  });
});
