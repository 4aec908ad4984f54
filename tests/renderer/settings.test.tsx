import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from './render.tsx';

// The Settings screen: the shop, money, invoices, tax rates, payment methods and terms. Every field is labelled,
// every refusal shown at its place, and each save says what it saved.

async function openSettings() {
  const app = await renderApp();
  await app.user.click(screen.getByRole('button', { name: 'Settings' }));
  await screen.findByRole('heading', { name: 'Settings', level: 1 });
  const shop = await screen.findByRole('form', { name: 'Shop settings' });
  return { ...app, shop };
}
const section = (name: string) => screen.getByRole('region', { name });

describe('the Settings screen', () => {
  it('shows the shop, money and invoice settings in labelled fields under their headings', async () => {
    const { shop } = await openSettings();
    for (const heading of ['Shop', 'Money', 'Invoices', 'Tax rates', 'Payment methods', 'Terms'])
      expect(screen.getByRole('heading', { name: heading, level: 2 })).toBeInTheDocument();
    expect(within(shop).getByLabelText('Shop name')).toHaveValue('Counter POS Demo Shop');
    expect(within(shop).getByLabelText('Address')).toHaveValue('100 Main Street\nSpringfield, IL 62701');
    expect(within(shop).getByLabelText('Phone')).toHaveValue('555-0199');
    expect(within(shop).getByLabelText('Email')).toHaveValue('shop@counterpos.example');
    expect(within(shop).getByLabelText('Tax id')).toHaveValue('US-12-3456789');
    expect(within(shop).getByLabelText('Currency')).toHaveValue('USD');
    expect(within(shop).getByLabelText('Locale')).toHaveAccessibleDescription(
      'An amount is written 1,234,567.89; a total $1,234,567.89.',
    );
    expect(within(shop).getByLabelText('Invoice number prefix')).toHaveValue('INV-');
    expect(within(shop).getByRole('combobox', { name: 'Default terms' })).toHaveDisplayValue('Due on receipt');
  });

  it('shows how an amount is written as the currency and locale are typed, and saves them for every screen', async () => {
    const { user, shop, b } = await openSettings();
    const localeField = within(shop).getByLabelText('Locale');
    await user.clear(within(shop).getByLabelText('Currency'));
    await user.type(within(shop).getByLabelText('Currency'), 'eur');
    await user.clear(localeField);
    await user.type(localeField, 'de-DE');
    expect(localeField).toHaveAccessibleDescription(
      expect.stringMatching(/^An amount is written 1\.234\.567,89; a total 1\.234\.567,89\s€\.$/),
    );
    await user.click(within(shop).getByRole('button', { name: 'Save settings' }));
    expect(await within(shop).findByRole('status')).toHaveTextContent('Saved the currency and locale.');
    expect(await b.api.appInfo({})).toMatchObject({ value: { currency: 'EUR', locale: 'de-DE' } });
    // Every money display follows at once: the Products list writes prices the German way.
    await user.click(screen.getByRole('button', { name: 'Products' }));
    expect(await screen.findByRole('row', { name: /Latitude 5440 Laptop/ })).toHaveTextContent('1.249,00');
  });

  it('refuses an unknown currency or locale at its field, and nothing is saved', async () => {
    const { user, shop, b } = await openSettings();
    const currency = within(shop).getByLabelText('Currency');
    await user.clear(currency);
    await user.type(currency, 'XYZ');
    await user.click(within(shop).getByRole('button', { name: 'Save settings' }));
    const message = 'XYZ is not a currency this app knows: enter an ISO 4217 code, such as USD, EUR or GBP.';
    expect(await within(shop).findByRole('alert')).toHaveTextContent(message);
    expect(currency).toHaveAttribute('aria-invalid', 'true');
    expect(currency).toHaveAccessibleDescription(expect.stringContaining(message));
    await user.clear(currency);
    await user.type(currency, 'USD');
    const locale = within(shop).getByLabelText('Locale');
    await user.clear(locale);
    await user.type(locale, 'en_US');
    await user.click(within(shop).getByRole('button', { name: 'Save settings' }));
    expect(await within(shop).findByRole('alert')).toHaveTextContent('en_US is not a locale: write en-US.');
    expect(locale).toHaveAttribute('aria-invalid', 'true');
    expect(await b.one(`SELECT value FROM settings WHERE key = 'locale'`)).toEqual({ value: 'en-US' });
  });

  it('refuses a currency change once invoices exist, saying why', async () => {
    const { user, shop, b } = await openSettings();
    const ids = {
      acme: (await b.one<{ id: number }>(`SELECT id FROM customers WHERE name = 'Acme Corp'`)).id,
      main: (await b.one<{ id: number }>(`SELECT id FROM locations WHERE name = 'Main Store'`)).id,
    };
    const sale = await b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      lines: [
        { productId: null, description: 'Repair', qty: 1_000, unitPriceMinor: 5_000, taxable: true, serialIds: [] },
      ],
    });
    expect(sale.ok).toBe(true);
    const currency = within(shop).getByLabelText('Currency');
    await user.clear(currency);
    await user.type(currency, 'EUR');
    await user.click(within(shop).getByRole('button', { name: 'Save settings' }));
    expect(await within(shop).findByRole('alert')).toHaveTextContent(
      'The currency stays USD: 1 invoice is recorded in USD (amounts are stored in its minor units), so they would be misread in EUR.',
    );
    expect(currency).toHaveAttribute('aria-invalid', 'true');
  });

  it('saves the shop details, prefix and default terms, and says what was saved', async () => {
    const { user, shop, b } = await openSettings();
    await user.clear(within(shop).getByLabelText('Shop name'));
    await user.type(within(shop).getByLabelText('Shop name'), 'Corner Electronics');
    await user.clear(within(shop).getByLabelText('Tax id'));
    await user.type(within(shop).getByLabelText('Tax id'), 'DE123456789');
    await user.clear(within(shop).getByLabelText('Invoice number prefix'));
    await user.type(within(shop).getByLabelText('Invoice number prefix'), 'CE-');
    expect(within(shop).getByLabelText('Invoice number prefix')).toHaveAccessibleDescription(
      'New invoices are numbered CE-000123 and on; saved invoices keep their numbers.',
    );
    await user.selectOptions(within(shop).getByRole('combobox', { name: 'Default terms' }), 'Net 30');
    await user.click(within(shop).getByRole('button', { name: 'Save settings' }));
    expect(await within(shop).findByRole('status')).toHaveTextContent(
      'Saved the shop name, tax id, invoice number prefix and default terms (Net 30).',
    );
    expect(
      await b.all(
        `SELECT key, value FROM settings WHERE key IN ('shop_name', 'shop_tax_id', 'invoice_prefix') ORDER BY key`,
      ),
    ).toEqual([
      { key: 'invoice_prefix', value: 'CE-' },
      { key: 'shop_name', value: 'Corner Electronics' },
      { key: 'shop_tax_id', value: 'DE123456789' },
    ]);
    expect(await b.one('SELECT name FROM payment_terms WHERE is_default = 1')).toEqual({ name: 'Net 30' });
    await user.click(within(shop).getByRole('button', { name: 'Save settings' }));
    expect(await within(shop).findByRole('status')).toHaveTextContent('Nothing to save: no setting was changed.');
  });
});

describe('tax rates in Settings', () => {
  it('adds a rate typed in percent, edits it, makes it the default and archives the old one', async () => {
    const { user, b } = await openSettings();
    const rates = section('Tax rates');
    await user.type(within(rates).getByLabelText('New rate name'), 'City tax 8.25%');
    await user.type(within(rates).getByLabelText('Rate (%)'), '8.25');
    await user.click(within(rates).getByRole('button', { name: 'Add rate' }));
    expect(await within(rates).findByRole('status')).toHaveTextContent('Added City tax 8.25% at 8.25 %.');
    expect(await b.one(`SELECT rate_bp FROM tax_rates WHERE name = 'City tax 8.25%'`)).toEqual({ rate_bp: 825 });

    await user.click(await within(rates).findByRole('button', { name: 'Edit City tax 8.25%' }));
    const rate = within(rates).getByLabelText('Rate of City tax 8.25% (%)');
    await user.clear(rate);
    await user.type(rate, '8,5');
    await user.click(within(rates).getByRole('button', { name: 'Save' }));
    expect(await within(rates).findByRole('alert')).toHaveTextContent(
      '8,5 is not a rate: enter a percentage from 0 to 100 with up to 2 decimals, like 7.5.',
    );
    await user.clear(rate);
    await user.type(rate, '8.5');
    await user.clear(within(rates).getByLabelText('Name of City tax 8.25%'));
    await user.type(within(rates).getByLabelText('Name of City tax 8.25%'), 'City tax 8.5%');
    await user.click(within(rates).getByRole('button', { name: 'Save' }));
    expect(await within(rates).findByRole('status')).toHaveTextContent('Saved City tax 8.5% at 8.5 %.');

    await user.click(await within(rates).findByRole('button', { name: 'Make City tax 8.5% the default' }));
    expect(await within(rates).findByRole('status')).toHaveTextContent('City tax 8.5% is now the default tax rate.');
    await user.click(within(rates).getByRole('button', { name: 'Archive Sales tax 7.5%' }));
    expect(await within(rates).findByRole('status')).toHaveTextContent('Archived Sales tax 7.5%.');
    const row = within(within(rates).getByRole('table', { name: 'Tax rates' })).getByRole('row', {
      name: /Sales tax 7\.5%/,
    });
    expect(row).toHaveTextContent('Archived');
    expect(await b.api.appInfo({})).toMatchObject({ value: { taxRateBp: 850 } });
  });

  it('shows the refusal to archive the default and a name in use', async () => {
    const { user } = await openSettings();
    const rates = section('Tax rates');
    await user.click(await within(rates).findByRole('button', { name: 'Archive Sales tax 7.5%' }));
    expect(await within(rates).findByRole('alert')).toHaveTextContent(
      'Not saved. Sales tax 7.5% is the default tax rate, so it cannot be archived: make another rate the default first.',
    );
    await user.type(within(rates).getByLabelText('New rate name'), 'exempt 0%');
    await user.type(within(rates).getByLabelText('Rate (%)'), '0');
    await user.click(within(rates).getByRole('button', { name: 'Add rate' }));
    await waitFor(() =>
      expect(within(rates).getByRole('alert')).toHaveTextContent(
        'Not saved. There is already a tax rate named Exempt 0%.',
      ),
    );
  });
});

describe('payment methods and terms in Settings', () => {
  it('adds a method and makes it the default; Store credit cannot be archived', async () => {
    const { user, b } = await openSettings();
    const methods = section('Payment methods');
    await user.type(within(methods).getByLabelText('New payment method'), 'Bank transfer');
    await user.click(within(methods).getByRole('button', { name: 'Add method' }));
    expect(await within(methods).findByRole('status')).toHaveTextContent('Added the payment method Bank transfer.');
    await user.click(await within(methods).findByRole('button', { name: 'Make Bank transfer the default' }));
    expect(await within(methods).findByRole('status')).toHaveTextContent(
      'Bank transfer is now the default payment method (Quick pay uses it).',
    );
    expect(await b.one('SELECT name, kind FROM payment_methods WHERE is_default = 1')).toEqual({
      name: 'Bank transfer',
      kind: 'custom',
    });
    expect(within(methods).queryByRole('button', { name: 'Make Store credit the default' })).toBeNull();
    await user.click(within(methods).getByRole('button', { name: 'Archive Store credit' }));
    expect(await within(methods).findByRole('alert')).toHaveTextContent(
      "Not saved. Store credit cannot be archived: refunds and voids keep a customer's money as store credit through it.",
    );
    await user.click(within(methods).getByRole('button', { name: 'Rename Check' }));
    await user.clear(within(methods).getByLabelText('Name of Check'));
    await user.type(within(methods).getByLabelText('Name of Check'), 'Cheque');
    await user.click(within(methods).getByRole('button', { name: 'Save' }));
    expect(await within(methods).findByRole('status')).toHaveTextContent('Renamed Check to Cheque.');
  });

  it('adds terms with their days and makes them the default', async () => {
    const { user, b, shop } = await openSettings();
    const terms = section('Terms');
    await user.type(within(terms).getByLabelText('New terms name'), 'Net 7');
    await user.type(within(terms).getByLabelText('Days'), 'seven');
    await user.click(within(terms).getByRole('button', { name: 'Add terms' }));
    expect(await within(terms).findByRole('alert')).toHaveTextContent(
      'Enter the days as a whole number from 0 to 3650 (0: due on receipt).',
    );
    await user.clear(within(terms).getByLabelText('Days'));
    await user.type(within(terms).getByLabelText('Days'), '7');
    await user.click(within(terms).getByRole('button', { name: 'Add terms' }));
    expect(await within(terms).findByRole('status')).toHaveTextContent('Added the terms Net 7: 7 days.');
    await user.click(await within(terms).findByRole('button', { name: 'Make Net 7 the default' }));
    expect(await within(terms).findByRole('status')).toHaveTextContent(
      'Net 7 are now the default terms for new invoices.',
    );
    expect(await b.one('SELECT name, days FROM payment_terms WHERE is_default = 1')).toEqual({
      name: 'Net 7',
      days: 7,
    });
    await waitFor(() =>
      expect(within(shop).getByRole('combobox', { name: 'Default terms' })).toHaveDisplayValue('Net 7'),
    );
  });
});
