// The recurring counters (db/services/recurringCounters.ts) match asset types and contact field values ignoring case
// as the customer's page does (assetTypeKey: JavaScript's case folding), also for letters beyond ASCII: a type spelled
// "Écran" is counted by a counter of "Écran" or "écran" (the stores' lower() folds ASCII only). Both stores.
import { describe, expect, it } from 'vitest';
import { countAssets, countContacts } from '../../db/services/recurringCounters.ts';
import { freshDemoPerTest, okValue, serviceCtx, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

describe('recurring counters with accented words', () => {
  it('count assets of a type spelled with an accented capital, in any case', async () => {
    const asset = { customerId: ids.acme, name: 'Screen', serial: '' };
    await okValue(b.api.saveCustomerAsset({ ...asset, assetType: 'Écran' }));
    await okValue(b.api.saveCustomerAsset({ ...asset, assetType: ' écran ' }));
    // The page knows one type; the counter counts both devices, however the line spells it.
    const types = (await okValue(b.api.customerRecords({ customerId: ids.acme }))).assetTypes;
    expect(types.filter((t) => t.toLowerCase() === 'écran')).toHaveLength(1);
    expect(await countAssets(serviceCtx(b), ids.acme, 'Écran')).toBe(2);
    expect(await countAssets(serviceCtx(b), ids.acme, 'ÉCRAN')).toBe(2);
  });

  it('count contacts whose text field holds a value with an accented capital, in any case', async () => {
    const fields = await okValue(b.api.saveContactField({ name: 'Niveau', kind: 'text' }));
    const niveau = fields.find((f) => f.name === 'Niveau')!.id;
    const contact = { customerId: ids.acme, email: '', phone: '' };
    await okValue(b.api.saveContact({ ...contact, name: 'Ana', values: [{ fieldId: niveau, value: 'Élevé' }] }));
    await okValue(b.api.saveContact({ ...contact, name: 'Léa', values: [{ fieldId: niveau, value: 'élevé' }] }));
    await okValue(b.api.saveContact({ ...contact, name: 'Max', values: [{ fieldId: niveau, value: 'Bas' }] }));
    expect(await countContacts(serviceCtx(b), ids.acme, { fieldId: niveau, value: 'Élevé' })).toBe(2);
    expect(await countContacts(serviceCtx(b), ids.acme, { fieldId: niveau, value: '' })).toBe(3);
  });
});
