import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { demoIds } from '../support/backend.ts';
import { renderApp } from './render.tsx';

// The Products form shows a refusal at the field it names (details.field), not only below the form.

describe('the product form', () => {
  it('shows the refusal to make a product on a saved invoice serial-tracked at Serialized', async () => {
    const { user, b } = await renderApp();
    const ids = demoIds(b);
    const sold = await b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      notes: '',
      lines: [
        {
          productId: ids.cable,
          description: 'USB-C Cable 2m',
          qty: 50,
          unitPriceMinor: 1_999,
          taxable: true,
          serialIds: [],
        },
      ],
    });
    if (!sold.ok) throw new Error(sold.error.message);
    await user.click(screen.getByRole('button', { name: 'Products' }));
    const table = await screen.findByRole('table', { name: 'Products' });
    await user.click(await within(table).findByRole('button', { name: 'Edit USB-C Cable 2m' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit USB-C Cable 2m' });
    const serialized = within(dialog).getByRole('checkbox', { name: 'Serialized' });
    await user.click(serialized);
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    const message = `USB-C Cable 2m is on invoice ${sold.value.number}, whose line has no serials, so it cannot become serial-tracked. Create a new serial-tracked product for these units instead.`;
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(message);
    expect(serialized).toHaveAttribute('aria-invalid', 'true');
    expect(serialized).toHaveAccessibleDescription(message);
    expect(within(dialog).getAllByRole('alert')).toHaveLength(1);
  });

  it('shows a code clash at the field it names', async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Products' }));
    await user.click(await screen.findByRole('button', { name: 'New product' }));
    const dialog = screen.getByRole('dialog', { name: 'New product' });
    await user.type(within(dialog).getByLabelText('SKU'), 'lat-5440');
    await user.type(within(dialog).getByLabelText('Name'), 'Another laptop');
    await user.type(within(dialog).getByLabelText('Price'), '1.00');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Another product already has SKU lat-5440.');
    expect(within(dialog).getByLabelText('SKU')).toHaveAccessibleDescription(
      'Another product already has SKU lat-5440.',
    );
    expect(within(dialog).getByLabelText('Barcode')).not.toHaveAttribute('aria-invalid');
  });
});
