import { describe, expect, it } from 'vitest';
import { inWriteTransaction } from '../../db/services/context.ts';
import {
  defaultTaxRate,
  defaultTerms,
  getShopSettings,
  invoicePrefix,
  listPaymentMethods,
  listTaxRates,
  saveTaxRate,
  taxRateById,
  termsByName,
} from '../../db/services/settings.ts';
import { freshDemoPerTest, serviceCtx, type Backend, type DemoIds } from '../support/backend.ts';

// Settings: the shop's details, currency and locale, tax rates, payment methods and terms, through the contract.

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const shop = {
  name: 'Counter POS Demo Shop',
  address: '100 Main Street\nSpringfield, IL 62701',
  phone: '555-0199',
  email: 'shop@counterpos.example',
  taxId: 'US-12-3456789',
  currency: 'USD',
  locale: 'en-US',
  invoicePrefix: 'INV-',
};
const refusal = (outcome: { ok: boolean; error?: { message: string; details?: unknown } }) => {
  expect(outcome.ok).toBe(false);
  return outcome.error!;
};
const rate = async (name: string) => (await b.one<{ id: number }>('SELECT id FROM tax_rates WHERE name = ?', name)).id;

describe('shop settings', () => {
  it('holds the demo shop, and appInfo carries its name, currency, locale and default rate', async () => {
    expect(await b.api.getShopSettings({})).toEqual({ ok: true, value: shop });
    expect(await b.api.appInfo({})).toMatchObject({
      ok: true,
      value: {
        shopName: 'Counter POS Demo Shop',
        defaultTaxRateId: await rate('Sales tax 7.5%'),
        taxRateBp: 750,
        currency: 'USD',
        locale: 'en-US',
        defaultCustomerId: ids.walkIn,
        defaultLocationId: ids.main,
      },
    });
  });

  it('saves every field, trimmed, with the locale in canonical form', async () => {
    const saved = await b.api.saveShopSettings({
      ...shop,
      name: ' Corner Shop ',
      currency: 'eur',
      locale: 'de-de',
      invoicePrefix: 'RE-',
    });
    const expected = { ...shop, name: 'Corner Shop', currency: 'EUR', locale: 'de-DE', invoicePrefix: 'RE-' };
    expect(saved).toEqual({ ok: true, value: expected });
    expect(await b.api.getShopSettings({})).toEqual({ ok: true, value: expected });
    expect(await invoicePrefix(serviceCtx(b))).toBe('RE-');
    expect(await b.api.appInfo({})).toMatchObject({ value: { shopName: 'Corner Shop', currency: 'EUR' } });
  });

  it('refuses a currency or a locale Intl does not know, saying what to enter', async () => {
    expect(refusal(await b.api.saveShopSettings({ ...shop, currency: 'XYZ' }))).toEqual({
      code: 'invalid_input',
      message: 'XYZ is not a currency this app knows: enter an ISO 4217 code, such as USD, EUR or GBP.',
      details: { field: 'currency' },
    });
    expect(refusal(await b.api.saveShopSettings({ ...shop, locale: 'en_US' })).message).toBe(
      'en_US is not a locale: write en-US.',
    );
    expect(refusal(await b.api.saveShopSettings({ ...shop, locale: 'english' })).message).toBe(
      'english is not a locale this app knows: enter a language and region such as en-US, de-DE or fr-FR.',
    );
    expect(await b.one(`SELECT value FROM settings WHERE key = 'locale'`)).toEqual({ value: 'en-US' });
  });

  it('refuses to change the currency once invoices exist (amounts are in its minor units)', async () => {
    const sale = await b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      lines: [
        { productId: ids.cable, description: 'Cable', qty: 1_000, unitPriceMinor: 1_999, taxable: true, serialIds: [] },
      ],
    });
    expect(sale.ok).toBe(true);
    expect(refusal(await b.api.saveShopSettings({ ...shop, currency: 'EUR' }))).toEqual({
      code: 'conflict',
      message:
        'The currency stays USD: 1 invoice is recorded in USD (amounts are stored in its minor units), so they would be misread in EUR.',
      details: { field: 'currency' },
    });
    expect(await b.api.saveShopSettings({ ...shop, name: 'Still USD', locale: 'en-GB' })).toMatchObject({ ok: true });
  });

  it('lets prices be re-read in a currency with the same decimals, never in one with other decimals', async () => {
    // The demo shop has products but no invoice: USD → JPY would read 1,249.00 as ¥124,900.
    expect(refusal(await b.api.saveShopSettings({ ...shop, currency: 'JPY' })).message).toBe(
      "The currency stays USD: the prices and costs of 6 products are stored in USD's minor units (2 decimals), " +
        'and JPY has 0, so every amount would be misread.',
    );
    expect(await b.api.saveShopSettings({ ...shop, currency: 'EUR' })).toMatchObject({ ok: true });
  });
});

describe('tax rates', () => {
  it('lists the seeded rates, the default first', async () => {
    expect(await b.api.listTaxRates({})).toEqual({
      ok: true,
      value: [
        { id: await rate('Sales tax 7.5%'), name: 'Sales tax 7.5%', rateBp: 750, isDefault: true, archived: false },
        { id: await rate('Reduced 5%'), name: 'Reduced 5%', rateBp: 500, isDefault: false, archived: false },
        { id: await rate('Exempt 0%'), name: 'Exempt 0%', rateBp: 0, isDefault: false, archived: false },
      ],
    });
  });

  it('adds a rate, and making one the default takes it from the other', async () => {
    const added = await b.api.saveTaxRate({ name: 'City tax 8.25%', rateBp: 825, isDefault: true });
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value).toMatchObject({ name: 'City tax 8.25%', rateBp: 825, isDefault: true });
    expect(await b.all('SELECT name FROM tax_rates WHERE is_default = 1')).toEqual([{ name: 'City tax 8.25%' }]);
    expect(await defaultTaxRate(serviceCtx(b))).toEqual({
      id: added.value.id,
      name: 'City tax 8.25%',
      rateBp: 825,
      archived: false,
    });
    expect(await b.api.appInfo({})).toMatchObject({ value: { defaultTaxRateId: added.value.id, taxRateBp: 825 } });
  });

  it('refuses a name in use (any case), archiving the default, and leaving no default', async () => {
    expect(refusal(await b.api.saveTaxRate({ name: 'reduced 5%', rateBp: 500 }))).toEqual({
      code: 'conflict',
      message: 'There is already a tax rate named Reduced 5%.',
      details: { field: 'name' },
    });
    const base = { id: await rate('Sales tax 7.5%'), name: 'Sales tax 7.5%', rateBp: 750 };
    expect(refusal(await b.api.saveTaxRate({ ...base, isDefault: true, archived: true })).message).toBe(
      'Sales tax 7.5% is the default tax rate, so it cannot be archived: make another rate the default first.',
    );
    expect(refusal(await b.api.saveTaxRate({ ...base, isDefault: false })).message).toBe(
      'One tax rate must be the default: make another tax rate the default instead.',
    );
    expect(await b.all('SELECT name FROM tax_rates WHERE is_default = 1')).toEqual([{ name: 'Sales tax 7.5%' }]);
  });

  it('archives and edits a rate; lookups by id still find it', async () => {
    const id = await rate('Reduced 5%');
    expect(await b.api.saveTaxRate({ id, name: 'Reduced 4%', rateBp: 400, archived: true })).toMatchObject({
      ok: true,
      value: { id, name: 'Reduced 4%', rateBp: 400, archived: true },
    });
    expect(await taxRateById(serviceCtx(b), id)).toEqual({ id, name: 'Reduced 4%', rateBp: 400, archived: true });
    expect((await listTaxRates(serviceCtx(b))).at(-1)).toMatchObject({ name: 'Reduced 4%', archived: true });
  });
});

describe('payment methods', () => {
  const method = async (name: string) =>
    (await b.one<{ id: number }>('SELECT id FROM payment_methods WHERE name = ?', name)).id;

  it('adds a custom method after the others, and can make it the default', async () => {
    const added = await b.api.savePaymentMethod({ name: 'Bank transfer', isDefault: true });
    expect(added).toMatchObject({ ok: true, value: { name: 'Bank transfer', kind: 'custom', isDefault: true } });
    const methods = await listPaymentMethods(serviceCtx(b));
    expect(methods.map((m) => [m.name, m.isDefault])).toEqual([
      ['Cash', false],
      ['Credit Card', false],
      ['Check', false],
      ['Store credit', false],
      ['Other', false],
      ['Bank transfer', true],
    ]);
    expect(await b.one(`SELECT position FROM payment_methods WHERE name = 'Bank transfer'`)).toEqual({ position: 6 });
  });

  it('renames and archives a built-in method, but not the default, and not Store credit', async () => {
    expect(await b.api.savePaymentMethod({ id: await method('Check'), name: 'Cheque', archived: true })).toMatchObject({
      ok: true,
      value: { name: 'Cheque', kind: 'check', archived: true },
    });
    expect(
      refusal(
        await b.api.savePaymentMethod({ id: await method('Cash'), name: 'Cash', isDefault: true, archived: true }),
      ).message,
    ).toBe('Cash is the default payment method, so it cannot be archived: make another method the default first.');
    const credit = { id: await method('Store credit'), name: 'Store credit' };
    expect(refusal(await b.api.savePaymentMethod({ ...credit, isDefault: true }))).toEqual({
      code: 'conflict',
      message:
        'Store credit cannot be the default payment method: it can only pay what a customer holds as store credit.',
      details: { field: 'isDefault' },
    });
    expect(refusal(await b.api.savePaymentMethod({ ...credit, archived: true })).message).toBe(
      "Store credit cannot be archived: refunds and voids keep a customer's money as store credit through it.",
    );
    expect(refusal(await b.api.savePaymentMethod({ name: 'CASH' })).message).toBe(
      'There is already a payment method named Cash.',
    );
  });
});

describe('payment terms', () => {
  it('lists the seeded terms; adds terms and makes them the default', async () => {
    expect(await b.api.listPaymentTerms({})).toMatchObject({
      ok: true,
      value: [
        { name: 'Due on receipt', days: 0, isDefault: true },
        { name: 'Net 15', days: 15, isDefault: false },
        { name: 'Net 30', days: 30, isDefault: false },
      ],
    });
    const added = await b.api.savePaymentTerms({ name: 'Net 7', days: 7, isDefault: true });
    expect(added).toMatchObject({ ok: true, value: { name: 'Net 7', days: 7, isDefault: true } });
    expect(await defaultTerms(serviceCtx(b))).toMatchObject({ name: 'Net 7', days: 7 });
    expect(await termsByName(serviceCtx(b), 'net 30')).toMatchObject({ name: 'Net 30', days: 30 });
    expect(await termsByName(serviceCtx(b), 'Net 45')).toBeUndefined();
  });

  it('refuses a name in use and leaving no default', async () => {
    expect(refusal(await b.api.savePaymentTerms({ name: 'NET 15', days: 15 })).message).toBe(
      'There is already payment terms named Net 15.',
    );
    const due = (await b.one<{ id: number }>(`SELECT id FROM payment_terms WHERE name = 'Due on receipt'`)).id;
    expect(refusal(await b.api.savePaymentTerms({ id: due, name: 'Due on receipt', days: 0 })).message).toBe(
      'One of the terms must be the default: make other terms the default instead.',
    );
  });
});

describe('one command, one transaction', () => {
  it('a save that fails after moving the default changes nothing', async () => {
    const before = await b.all('SELECT * FROM tax_rates ORDER BY id');
    // Beyond the store's CHECK (the contract refuses it earlier): the insert fails after the old default was unset.
    await expect(
      inWriteTransaction(serviceCtx(b), (t) =>
        saveTaxRate(t, { name: 'Too high', rateBp: 200_000, isDefault: true, archived: false }),
      ),
    ).rejects.toThrow(/CHECK constraint failed|violates check constraint/);
    expect(await b.all('SELECT * FROM tax_rates ORDER BY id')).toEqual(before);
    expect(await getShopSettings(serviceCtx(b))).toEqual(shop);
  });
});
