// A recurring-made invoice in the app, against the real backend: the Invoices list shows its cycle icon and
// "Recurring only" lists just those; the invoice says "from R-000001" (opening the template), and its counted line of
// 0 stays counted through an edit in the editor.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { inWriteTransaction } from '../../db/services/context.ts';
import { saveInvoice, type SaveInvoiceLine } from '../../db/services/invoices.ts';
import { freshBackend, okValue, serviceCtx, type Backend } from '../support/backend.ts';
import { addTemplate } from '../support/recurringFixture.ts';
import { renderApp } from './render.tsx';

/** INV-000001: a plain invoice; INV-000002: a draft made by R-000001 with a counter line that counted 0. */
async function shop(): Promise<{ b: Backend; made: number }> {
  const b = await freshBackend();
  const { ids } = b;
  const line = (description: string, qty: number, counted?: boolean): SaveInvoiceLine => ({
    productId: null,
    description,
    qty,
    unitPriceMinor: 2_500,
    taxable: false,
    serialIds: [],
    ...(counted ? { counted } : {}),
  });
  const base = { customerId: ids.acme, locationId: ids.main, invoiceDate: '2026-11-01', notes: '' };
  await okValue(b.api.saveInvoice({ ...base, lines: [line('Bench repair', 1000)] }));
  const template = await addTemplate(b, { customer_id: ids.acme, location_id: ids.main, start_date: '2026-11-01' }, []);
  const made = await inWriteTransaction(serviceCtx(b), (trx) =>
    saveInvoice(trx, {
      ...base,
      draft: true,
      recurringTemplateId: template.id,
      lines: [line('Managed laptops', 0, true), line('Monthly service', 1000)],
    }),
  );
  return { b, made: made.id };
}

const nav = (name: string) => within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name });
const table = () => screen.getByRole('table', { name: 'Saved invoices' });
const numbersShown = () =>
  within(table())
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).queryByRole('button', { name: /^INV-/ })?.textContent ?? r.textContent);

describe('a recurring-made invoice', () => {
  it('shows the cycle icon in the list, filters to recurring, says "from R-000001" and keeps its counted line', async () => {
    const { b, made } = await shop();
    const { user, row, rows } = await renderApp(b);
    await user.click(nav('Invoices'));
    await waitFor(() => expect(numbersShown()).toEqual(['INV-000002', 'INV-000001']));
    const recurringRow = within(table()).getByRole('button', { name: 'INV-000002' }).closest('tr')!;
    const icon = within(recurringRow).getByRole('img', { name: 'Recurring: R-000001' });
    expect(icon).toHaveAttribute('title', 'From R-000001');
    const plainRow = within(table()).getByRole('button', { name: 'INV-000001' }).closest('tr')!;
    expect(within(plainRow).queryByRole('img')).toBeNull();
    await user.click(screen.getByRole('checkbox', { name: 'Recurring only' }));
    await waitFor(() => expect(numbersShown()).toEqual(['INV-000002']));

    // The invoice names its template; the counted line shows 0 and is accepted as it is.
    await user.click(within(table()).getByRole('button', { name: 'INV-000002' }));
    expect(await screen.findByRole('heading', { name: /INV-000002/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'from R-000001' })).toBeInTheDocument();
    expect(rows()).toHaveLength(2);
    const counted = row('Manual item 1');
    expect(within(counted).getByLabelText('Qty for Manual item 1')).toHaveValue('0');
    expect(within(counted).getByLabelText('Qty for Manual item 1')).toHaveAttribute('aria-invalid', 'false');
    expect(within(counted).getByText(/counted at the run/)).toBeInTheDocument();
    // An edit of the other line, saved as a draft: the counted line keeps 0 and stays counted.
    const qty = within(row('Manual item 2')).getByLabelText('Qty for Manual item 2');
    await user.clear(qty);
    await user.type(qty, '2');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(await screen.findByText(/^Saved draft INV-000002/)).toBeInTheDocument();
    const saved = await okValue(b.api.getInvoice({ id: made }));
    expect(saved.lines.map((l) => [l.description, l.qty, l.counted])).toEqual([
      ['Managed laptops', 0, true],
      ['Monthly service', 2000, false],
    ]);
    expect(saved.recurring?.number).toBe('R-000001');

    // "from R-000001" opens the template.
    await user.click(screen.getByRole('button', { name: 'from R-000001' }));
    expect(await screen.findByRole('heading', { name: 'Recurring invoice R-000001' })).toBeInTheDocument();
  });
});
