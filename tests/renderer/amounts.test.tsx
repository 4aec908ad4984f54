import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { freshBackend } from '../support/backend.ts';
import { renderApp } from './render.tsx';

// Entering amounts: every money field reads what is typed with the one reader (core/money.ts readMoney) in the
// shop's locale. `12,50` was read as 1250.00 on the product, purchase-order and invoice screens; now en-US refuses
// it at the field, saying how to write it, and de-DE reads it as 12.50.

async function newProduct(locale?: { currency: string; locale: string }) {
  const backend = await freshBackend();
  if (locale) {
    const shop = await backend.api.getShopSettings({});
    if (!shop.ok) throw new Error(shop.error.message);
    const saved = await backend.api.saveShopSettings({ ...shop.value, ...locale });
    if (!saved.ok) throw new Error(saved.error.message);
  }
  const app = await renderApp(backend);
  await app.user.click(screen.getByRole('button', { name: 'Products' }));
  await app.user.click(await screen.findByRole('button', { name: 'New product' }));
  const dialog = screen.getByRole('dialog', { name: 'New product' });
  await app.user.type(within(dialog).getByLabelText('SKU'), 'HDMI-1');
  await app.user.type(within(dialog).getByLabelText('Name'), 'HDMI cable');
  return { ...app, dialog };
}

describe('the product form reads its price in the shop locale', () => {
  it('refuses 12,50 in en-US at the field, saying how to write it; 12.50 is saved', async () => {
    const { user, b, dialog } = await newProduct();
    const price = within(dialog).getByLabelText('Price');
    await user.type(price, '12,50');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    const message = '12,50 is not an amount in en-US: write 12.50 (the decimal separator is “.”).';
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(message);
    expect(price).toHaveAttribute('aria-invalid', 'true');
    expect(price).toHaveAccessibleDescription(message);
    expect(await b.all(`SELECT id FROM products WHERE sku = 'HDMI-1'`)).toEqual([]);

    await user.clear(price);
    await user.type(price, '12.50');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await b.one(`SELECT price_minor FROM products WHERE sku = 'HDMI-1'`)).toEqual({ price_minor: 1250 });
  });

  it('reads 12,50 as 12.50 in de-DE', async () => {
    const { user, b, dialog } = await newProduct({ currency: 'EUR', locale: 'de-DE' });
    await user.type(within(dialog).getByLabelText('Price'), '12,50');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await b.one(`SELECT price_minor FROM products WHERE sku = 'HDMI-1'`)).toEqual({ price_minor: 1250 });
    expect(await screen.findByRole('row', { name: /HDMI cable/ })).toHaveTextContent('12,50');
  });
});

describe("the product's tax rate", () => {
  it('is the shop default unless one is chosen, and is saved with the product', async () => {
    const { user, b, dialog } = await newProduct();
    const rate = within(dialog).getByRole('combobox', { name: 'Tax rate' });
    expect(rate).toHaveDisplayValue('Shop default');
    expect(rate).toHaveAccessibleDescription(/The shop default is Sales tax 7\.5%\./);
    expect(
      within(rate)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Shop default', 'Sales tax 7.5%', 'Reduced 5%', 'Exempt 0%']);
    await user.selectOptions(rate, 'Reduced 5%');
    await user.type(within(dialog).getByLabelText('Price'), '3');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      await b.one(`SELECT r.name FROM products p JOIN tax_rates r ON r.id = p.tax_rate_id WHERE p.sku = 'HDMI-1'`),
    ).toEqual({ name: 'Reduced 5%' });

    await user.click(await screen.findByRole('button', { name: 'Edit HDMI cable' }));
    const edit = screen.getByRole('dialog', { name: 'Edit HDMI cable' });
    expect(within(edit).getByRole('combobox', { name: 'Tax rate' })).toHaveDisplayValue('Reduced 5%');
  });
});

describe('stock on the Products screen', () => {
  it('shows on-hand (thousandths in the store) as units', async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Products' }));
    expect(await screen.findByRole('row', { name: /USB-C Cable 2m/ })).toHaveTextContent('Main Store: 50');
    expect(screen.getByRole('row', { name: /Latitude 5440 Laptop/ })).toHaveTextContent('Main Store: 3, Warehouse: 1');
  });
});

describe('the purchase order reads unit costs in the shop locale', () => {
  it('refuses 12,50 in en-US at the cost field', async () => {
    const { user, b } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Purchase orders' }));
    await user.click(await screen.findByRole('button', { name: 'New purchase order' }));
    const add = await screen.findByLabelText('Add product');
    await user.type(add, 'USBC-2M{Enter}');
    const cost = await screen.findByLabelText('Unit cost of USB-C Cable 2m');
    await user.type(cost, '12,50');
    await user.click(screen.getByRole('button', { name: 'Create purchase order' }));
    const message =
      'Unit cost of USB-C Cable 2m: 12,50 is not an amount in en-US: write 12.50 (the decimal separator is “.”).';
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(cost).toHaveAttribute('aria-invalid', 'true');
    expect(cost).toHaveAccessibleDescription(message);
    expect(await b.all('SELECT id FROM purchase_orders')).toEqual([]);
    await user.clear(cost);
    await user.type(cost, '12.50');
    expect(cost).not.toHaveAttribute('aria-invalid');
    await user.click(screen.getByRole('button', { name: 'Create purchase order' }));
    await waitFor(async () =>
      expect(await b.all('SELECT unit_cost_minor FROM purchase_order_lines')).toEqual([{ unit_cost_minor: 1250 }]),
    );
  });
});
