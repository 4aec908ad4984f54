// Customers' records through the contract on a real store (both stores): Settings → Contacts' fields (names unique
// ignoring case), contacts with their field values, manual assets and products' asset types; and what the recurring
// counters (db/services/recurringCounters.ts) count from them: laptops sold to Acme by saveInvoice (no longer once
// returned or voided), manual assets, types in another case, contacts with a field set to a value or to any value.
import { beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../core/contract.ts';
import type { CustomerRecords, Invoice } from '../../core/model.ts';
import { countAssets, countContacts } from '../../db/services/recurringCounters.ts';
import { freshDemoPerTest, okValue, refusalOf, serviceCtx, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

/** A customer's page as the contract gives it. */
const records = (customerId = ids.acme) => okValue(b.api.customerRecords({ customerId }));
const laptops = (customerId = ids.acme, type = 'Laptop') => countAssets(serviceCtx(b), customerId, type);
const fieldId = async (name: string) => (await okValue(b.api.listContactFields({}))).find((f) => f.name === name)!.id;

/** A Sent invoice to Acme for the laptops named (saveInvoice, as the invoice editor saves it). */
async function sellLaptops(...serials: string[]): Promise<Invoice> {
  const line: InputOf<'saveInvoice'>['lines'][number] = {
    productId: ids.laptop,
    description: 'Latitude 5440 Laptop',
    qty: serials.length * 1000,
    unitPriceMinor: 124_900,
    taxable: true,
    serialIds: serials.map((s) => ids.serial(s)),
  };
  return okValue(
    b.api.saveInvoice({ customerId: ids.acme, locationId: ids.main, invoiceDate: '2026-11-21', lines: [line] }),
  );
}

describe('the demo shop', () => {
  it('has Laptop and Phone products, a Remote access field, and Acme with three contacts and a front desk PC', async () => {
    const acme = await records();
    expect(acme.assetTypes).toEqual(['Laptop', 'Phone']);
    expect(acme.fields.map((f) => [f.name, f.kind, f.archived])).toEqual([['Remote access', 'yes_no', false]]);
    expect(acme.contacts).toHaveLength(3);
    expect(
      await countContacts(serviceCtx(b), ids.acme, { fieldId: await fieldId('Remote access'), value: 'yes' }),
    ).toBe(2);
    expect(acme.assets).toEqual([
      {
        source: 'manual',
        assetId: expect.any(Number),
        assetType: 'Laptop',
        name: 'Front desk PC',
        serial: 'ACME-FD-01',
        serialId: null,
        invoice: null,
      },
    ]);
    expect(await laptops()).toBe(1);
  });
});

describe('Settings → Contacts', () => {
  it('adds, renames, archives and restores a field; a name another field has, in any case, is refused', async () => {
    let fields = await okValue(b.api.saveContactField({ name: '  Backup plan ', kind: 'text' }));
    const added = fields.find((f) => f.name === 'Backup plan')!;
    expect(added).toMatchObject({ kind: 'text', archived: false, position: 2 });

    expect(await refusalOf(b, () => b.api.saveContactField({ name: 'remote ACCESS', kind: 'text' }))).toEqual({
      code: 'conflict',
      message: 'A contact field named Remote access already exists.',
    });
    expect(
      await refusalOf(b, () => b.api.saveContactField({ id: added.id, name: 'Remote Access', kind: 'text' })),
    ).toEqual({ code: 'conflict', message: 'A contact field named Remote access already exists.' });
    expect(await refusalOf(b, () => b.api.saveContactField({ name: '   ', kind: 'yes_no' }))).toEqual({
      code: 'invalid_input',
      message: 'Enter the field name.',
    });

    fields = await okValue(b.api.saveContactField({ id: added.id, name: 'Backup plan tier', kind: 'text' }));
    expect(fields.find((f) => f.id === added.id)?.name).toBe('Backup plan tier');
    // Renaming a field to another case of its own name is no clash.
    await okValue(b.api.saveContactField({ id: added.id, name: 'BACKUP plan tier', kind: 'yes_no', archived: true }));
    fields = await okValue(b.api.listContactFields({}));
    expect(fields.find((f) => f.id === added.id)).toMatchObject({ name: 'BACKUP plan tier', archived: true });
    fields = await okValue(
      b.api.saveContactField({ id: added.id, name: 'BACKUP plan tier', kind: 'yes_no', archived: false }),
    );
    expect(fields.find((f) => f.id === added.id)?.archived).toBe(false);
  });

  it('keeps a field kind while contacts have values for it', async () => {
    const remote = await fieldId('Remote access');
    expect(
      await refusalOf(b, () => b.api.saveContactField({ id: remote, name: 'Remote access', kind: 'text' })),
    ).toEqual({
      code: 'conflict',
      message: 'Remote access is set on 3 contacts, so its kind cannot change. Add a new field instead.',
    });
  });

  it('is an Admin’s: a cashier cannot add a field', async () => {
    b.ctx.session = { staff: { id: 3, name: 'Casey Cashier', role: 'cashier' } };
    expect(await refusalOf(b, () => b.api.saveContactField({ name: 'Site', kind: 'text' }))).toEqual({
      code: 'forbidden',
      message: 'Only an Admin can change Settings and staff; Casey Cashier is signed in as a Cashier.',
    });
    expect((await okValue(b.api.listContactFields({}))).map((f) => f.name)).toEqual(['Remote access']);
  });
});

describe('contacts', () => {
  it('saves a contact with field values, edits them (clearing one), and deletes it', async () => {
    const remote = await fieldId('Remote access');
    const fields = await okValue(b.api.saveContactField({ name: 'Role', kind: 'text' }));
    const role = fields.find((f) => f.name === 'Role')!.id;
    const jordan = (await b.one<{ id: number }>('SELECT id FROM customers WHERE name = ?', 'Jordan Lee')).id;
    let lee: CustomerRecords = await okValue(
      b.api.saveContact({
        customerId: jordan,
        name: ' Pat Quinn ',
        email: 'pat@lee.example',
        phone: '555-0150',
        values: [
          { fieldId: remote, value: 'Yes' },
          { fieldId: role, value: ' Owner ' },
        ],
      }),
    );
    const pat = lee.contacts.find((c) => c.name === 'Pat Quinn')!;
    expect(pat).toMatchObject({ email: 'pat@lee.example', phone: '555-0150', customerId: jordan });
    expect(pat.values).toEqual(
      expect.arrayContaining([
        { fieldId: remote, value: 'yes' },
        { fieldId: role, value: 'Owner' },
      ]),
    );
    // An edit naming only Remote access (cleared) keeps the Role.
    lee = await okValue(
      b.api.saveContact({
        id: pat.id,
        customerId: jordan,
        name: 'Pat Quinn',
        email: '',
        phone: '',
        values: [{ fieldId: remote, value: '' }],
      }),
    );
    expect(lee.contacts.find((c) => c.id === pat.id)?.values).toEqual([{ fieldId: role, value: 'Owner' }]);
    expect(await countContacts(serviceCtx(b), jordan, { fieldId: role, value: '' })).toBe(1);
    expect(await countContacts(serviceCtx(b), jordan, { fieldId: remote, value: '' })).toBe(0);

    lee = await okValue(b.api.deleteContact({ id: pat.id }));
    expect(lee.contacts.find((c) => c.id === pat.id)).toBeUndefined();
    expect(
      (await b.one<{ n: number }>('SELECT count(*) AS n FROM contact_field_values WHERE contact_id = ?', pat.id)).n,
    ).toBe(0);
  });

  it('refuses a contact without a name, an implausible e-mail and a yes / no field set to anything else', async () => {
    const remote = await fieldId('Remote access');
    const contact = { customerId: ids.acme, name: 'Sam', email: '', phone: '', values: [] };
    expect(await refusalOf(b, () => b.api.saveContact({ ...contact, name: '  ' }))).toEqual({
      code: 'invalid_input',
      message: "Enter the contact's name.",
    });
    expect(await refusalOf(b, () => b.api.saveContact({ ...contact, email: 'sam@acme' }))).toEqual({
      code: 'invalid_input',
      message: 'sam@acme is not an e-mail address: enter it as name@example.com.',
    });
    expect(
      await refusalOf(b, () => b.api.saveContact({ ...contact, values: [{ fieldId: remote, value: 'maybe' }] })),
    ).toEqual({ code: 'invalid_input', message: 'Remote access is a yes / no field: choose Yes or No.' });
  });
});

describe('the counters through real data', () => {
  const remoteYes = async () => ({ fieldId: await fieldId('Remote access'), value: 'yes' });
  let ctxCount: (filter: { fieldId: number | null; value: string }) => Promise<number>;
  beforeEach(() => {
    ctxCount = (filter) => countContacts(serviceCtx(b), ids.acme, filter);
  });

  it('counts a laptop sold by saveInvoice, and no longer once it is voided', async () => {
    const invoice = await sellLaptops('DL5440-0001', 'DL5440-0002');
    expect(await laptops()).toBe(3);
    // A type typed in another case, with spaces, is the same type.
    expect(await laptops(ids.acme, '  LAPTOP ')).toBe(3);
    expect(await laptops(ids.acme, 'Phone')).toBe(0);
    expect(await laptops(ids.walkIn)).toBe(0);
    const acme = await records();
    expect(acme.assets.filter((a) => a.source === 'sold').map((a) => [a.serial, a.invoice?.number])).toEqual([
      ['DL5440-0001', invoice.number],
      ['DL5440-0002', invoice.number],
    ]);

    await okValue(b.api.voidInvoice({ id: invoice.id }));
    expect(await laptops()).toBe(1);
    expect((await records()).assets.map((a) => a.source)).toEqual(['manual']);
  });

  it('no longer counts a laptop returned', async () => {
    const invoice = await sellLaptops('DL5440-0001');
    expect(await laptops()).toBe(2);
    await okValue(
      b.api.completeReturn({
        invoiceId: invoice.id,
        lines: [
          {
            invoiceLineId: invoice.lines[0]!.id,
            qty: 1000,
            units: [{ serialId: ids.serial('DL5440-0001'), disposition: 'stock' }],
          },
        ],
        refundTo: 'credit',
        reason: 'Changed mind',
      }),
    );
    expect(await laptops()).toBe(1);
  });

  it('counts manual assets of a type in any case, and products given a type later', async () => {
    await okValue(b.api.saveCustomerAsset({ customerId: ids.acme, assetType: 'laptop ', name: 'Spare', serial: '' }));
    expect(await laptops()).toBe(2);
    expect((await records()).assetTypes).toEqual(['Laptop', 'Phone']);
    await okValue(
      b.api.saveCustomerAsset({ customerId: ids.acme, assetType: 'Router', name: 'Office router', serial: 'R-1' }),
    );
    expect(await okValue(b.api.assetTypes({}))).toEqual(['Laptop', 'Phone', 'Router']);

    // The drill gets an asset type; one sold to Acme is then an asset of that type.
    const drill = (await okValue(b.api.listProducts({ query: 'DRL-18V' }))).rows[0]!;
    const saved = await okValue(b.api.saveProduct({ ...pick(drill), assetType: '  Power tool ' }));
    expect(saved.assetType).toBe('Power tool');
    // An edit that does not name the asset type keeps it.
    expect((await okValue(b.api.saveProduct(pick(drill)))).assetType).toBe('Power tool');
    await okValue(
      b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        lines: [
          {
            productId: ids.drill,
            description: 'Cordless Drill 18V',
            qty: 1000,
            unitPriceMinor: 18_900,
            taxable: true,
            serialIds: [ids.serial('MKT18-A1001')],
          },
        ],
      }),
    );
    expect(await laptops(ids.acme, 'power TOOL')).toBe(1);

    const router = (await records()).assets.find((a) => a.name === 'Office router')!;
    await okValue(b.api.deleteCustomerAsset({ id: router.assetId! }));
    expect(await laptops(ids.acme, 'Router')).toBe(0);
  });

  it('refuses a manual asset without a type or a name', async () => {
    const asset = { customerId: ids.acme, assetType: 'Laptop', name: 'PC', serial: '' };
    expect(await refusalOf(b, () => b.api.saveCustomerAsset({ ...asset, assetType: ' ' }))).toEqual({
      code: 'invalid_input',
      message: 'Enter the asset type (such as Laptop).',
    });
    expect(await refusalOf(b, () => b.api.saveCustomerAsset({ ...asset, name: '' }))).toEqual({
      code: 'invalid_input',
      message: "Enter the asset's name.",
    });
  });

  it('counts contacts: all, those with a field at a value (any case), those with it set to any value', async () => {
    expect(await ctxCount({ fieldId: null, value: '' })).toBe(3);
    const yes = await remoteYes();
    expect(await ctxCount(yes)).toBe(2);
    expect(await ctxCount({ ...yes, value: 'YES' })).toBe(2);
    // The demo's third contact has Remote access No: set, so counted by '' (any value).
    expect(await ctxCount({ ...yes, value: 'no' })).toBe(1);
    expect(await ctxCount({ ...yes, value: '' })).toBe(3);
    await okValue(
      b.api.saveContact({
        customerId: ids.acme,
        name: 'Robin',
        email: '',
        phone: '',
        values: [{ fieldId: yes.fieldId, value: 'no' }],
      }),
    );
    expect(await ctxCount({ fieldId: null, value: '' })).toBe(4);
    expect(await ctxCount(yes)).toBe(2);
    expect(await ctxCount({ ...yes, value: 'no' })).toBe(2);
    expect(await ctxCount({ ...yes, value: '' })).toBe(4);
    // A contact without the field set is counted by none of them but the count of all.
    await okValue(b.api.saveContact({ customerId: ids.acme, name: 'Kim', email: '', phone: '', values: [] }));
    expect(await ctxCount({ fieldId: null, value: '' })).toBe(5);
    expect(await ctxCount({ ...yes, value: '' })).toBe(4);
    expect(await countContacts(serviceCtx(b), ids.walkIn, { fieldId: null, value: '' })).toBe(0);
  });
});

/** A product's editable fields, as the product editor sends them (no asset type). */
const pick = (p: {
  id: number;
  sku: string;
  barcode: string | null;
  name: string;
  priceMinor: number;
  taxable: boolean;
  serialized: boolean;
  maintainStock: boolean;
  taxRateId: number | null;
}) => ({
  id: p.id,
  sku: p.sku,
  barcode: p.barcode,
  name: p.name,
  priceMinor: p.priceMinor,
  taxable: p.taxable,
  serialized: p.serialized,
  maintainStock: p.maintainStock,
  taxRateId: p.taxRateId,
});
