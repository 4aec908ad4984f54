import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract } from '../../core/contract.ts';
import { methodNames } from '../../core/methods.ts';
import { dispatch } from '../../electron/dispatch.ts';
import { handlers } from '../../electron/handlers.ts';
import { demoIds, freshBackend, tableCounts, type Backend } from '../support/backend.ts';

let b: Backend;
beforeEach(async () => {
  b = await freshBackend();
});
afterEach(() => b.close());

describe('the contract', () => {
  it('has a handler for every method and no handler without a method', () => {
    expect(Object.keys(handlers).sort()).toEqual([...methodNames].sort());
    expect(methodNames.length).toBeGreaterThan(5);
  });

  it('returns an error value for an unknown method, including prototype names', async () => {
    for (const name of ['dropTables', '__proto__', 'constructor', 'toString', 42, null]) {
      const outcome = await dispatch(b.ctx, name, {});
      expect(outcome).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['receiveGoods', { locationId: 1, lines: [{ productId: 1, qty: -1, serials: [] }] }, /lines\.0\.qty/],
    ['receiveGoods', { locationId: '1', lines: [] }, /locationId/],
    ['receiveGoods', { locationId: 1, lines: [{ productId: 3, qty: 1.5 }] }, /qty/],
    ['saveInvoice', { customerId: 1, locationId: 1, invoiceDate: '2026-02-30', lines: [] }, /invoiceDate|lines/],
    [
      'saveInvoice',
      {
        customerId: 1,
        locationId: 1,
        invoiceDate: '2026-11-21',
        lines: [{ productId: 3, description: 'x', qty: 1, unitPriceMinor: 19.99, taxable: true, serialIds: [] }],
      },
      /unitPriceMinor/,
    ],
    [
      'saveInvoice',
      {
        customerId: 1,
        locationId: 1,
        invoiceDate: '2026-11-21',
        sneaky: true,
        lines: [{ productId: 3, description: 'x', qty: 1, unitPriceMinor: 1999, taxable: true, serialIds: [] }],
      },
      /sneaky|Unrecognized/i,
    ],
    ['searchProducts', { query: 'x'.repeat(1000) }, /query/],
    ['lookupSerial', "SN:1'; DROP TABLE serials; --", /input/],
    ['getInvoice', { id: 0 }, /id/],
    [
      'saveProduct',
      { sku: '  ', name: 'X', priceMinor: 1, taxable: true, serialized: false, maintainStock: true },
      /Enter the SKU/,
    ],
    [
      'saveProduct',
      { sku: 'A', name: 'X', priceMinor: 12.5, taxable: true, serialized: false, maintainStock: true },
      /priceMinor/,
    ],
    ['saveVendor', { name: '' }, /Enter the vendor name/],
    ['savePurchaseOrder', { vendorId: 1, locationId: 1, lines: [] }, /at least one line/],
    ['receivePurchaseOrder', { id: 1, lines: [{ lineId: 1, qty: -2 }] }, /qty/],
    ['setPurchaseOrderStatus', { id: 1, action: 'approve' }, /action/],
    ['previewImport', { kind: 'customers', text: 'a' }, /kind/],
    ['importProgress', { jobId: '../../etc' }, /jobId/],
    ['listSerials', { status: 'stolen' }, /status/],
    ['renameSerial', { id: 1, serial: 'x'.repeat(101), reason: 'r' }, /serial/],
  ];
  it.each(bad)('refuses malformed input to %s with an error value and writes nothing', async (method, input, field) => {
    const before = await tableCounts(b);
    const outcome = await dispatch(b.ctx, method, input);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('invalid_input');
    expect(outcome.error.message).toMatch(field);
    expect(await tableCounts(b)).toEqual(before);
  });

  it('turns a service refusal into an error value with its code and details', async () => {
    const ids = demoIds(b);
    const outcome = await b.api.receiveGoods({
      locationId: ids.main,
      lines: [{ productId: ids.laptop, qty: 1, serials: [{ serial: 'DL5440-0001' }] }],
    });
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'receipt_invalid', details: { offendingSerials: ['DL5440-0001'] } },
    });
  });

  it('accepts every method with its documented input shape', async () => {
    const ids = demoIds(b);
    expect((await b.api.appInfo({})).ok).toBe(true);
    expect(await b.api.findProductByCode({ code: '0012345678905' })).toMatchObject({
      ok: true,
      value: { sku: 'USBC-2M', priceMinor: 1999 },
    });
    expect(await b.api.findProductByCode({ code: 'lat-5440' })).toMatchObject({ ok: true, value: { sku: 'LAT-5440' } });
    expect(await b.api.availableSerials({ productId: ids.laptop, locationId: ids.warehouse })).toMatchObject({
      ok: true,
      value: [{ serial: 'DL5440-0101' }],
    });
    expect(await b.api.listInvoices({})).toEqual({ ok: true, value: { rows: [], total: 0 } });
    expect(await b.api.listVendors({})).toMatchObject({
      ok: true,
      value: [{ name: 'Contoso Tools Supply' }, { name: 'Northwind Distribution' }],
    });
    expect(await b.api.checkSerials({ productId: ids.laptop, serials: ['DL5440-0001', 'NEW-1'] })).toEqual({
      ok: true,
      value: { existing: ['DL5440-0001'] },
    });
    expect(await b.api.listSerials({ limit: 2 })).toMatchObject({
      ok: true,
      value: { hasMore: true, rows: [{ serial: '356789012345671' }, { serial: '356789012345689' }] },
    });
    expect(await b.api.listPurchaseOrders({})).toEqual({ ok: true, value: { rows: [], total: 0 } });
    expect(await b.api.importProgress({ jobId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(Object.keys(contract)).toEqual(methodNames);
  });
});
