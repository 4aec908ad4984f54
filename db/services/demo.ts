import { createCustomer, createLocation, createProduct, saveVendor } from './catalog.ts';
import { inWriteTransaction, type ReadCtx } from './context.ts';
import { saveContact, saveContactField, saveCustomerAsset } from './customerRecords.ts';
import { receiveGoods } from './receiving.ts';
import { saveShopSettings } from './settings.ts';
import { hashPin } from './staff.ts';

/**
 * Fills an empty store with the demo shop, through the same services a user's actions use
 * (stock arrives by goods receipts). End-to-end tests rely on exactly these names and serials.
 */
export async function seedDemoStore(ctx: ReadCtx): Promise<void> {
  await inWriteTransaction({ ...ctx, actor: 'demo' }, async (trx) => {
    // Tax rates, payment methods and terms are seeded by migration 0005 ("Sales tax 7.5%" the default).
    await saveShopSettings(trx, {
      name: 'Counter POS Demo Shop',
      address: '100 Main Street\nSpringfield, IL 62701',
      phone: '555-0199',
      email: 'shop@counterpos.example',
      taxId: 'US-12-3456789',
      currency: 'USD',
      locale: 'en-US',
      invoicePrefix: 'INV-',
    });

    const main = await createLocation(trx, { name: 'Main Store', kind: 'store', isDefault: true });
    const warehouse = await createLocation(trx, { name: 'Warehouse', kind: 'warehouse' });
    await createCustomer(trx, { name: 'Walk-in Customer', isDefault: true });
    const acme = await createCustomer(trx, {
      name: 'Acme Corp',
      email: 'accounts@acme.example',
      phone: '555-0100',
    });
    await createCustomer(trx, { name: 'Jordan Lee', email: 'jordan.lee@example.com', phone: '555-0142' });

    await saveVendor(trx, { name: 'Northwind Distribution', email: 'orders@northwind.example', phone: '555-0170' });
    await saveVendor(trx, { name: 'Contoso Tools Supply', email: 'sales@contoso.example', phone: '555-0181' });

    const laptop = await createProduct(trx, {
      sku: 'LAT-5440',
      barcode: '5901234123457',
      name: 'Latitude 5440 Laptop',
      priceMinor: 124_900,
      taxable: true,
      serialized: true,
      maintainStock: true,
      assetType: 'Laptop',
    });
    const phone = await createProduct(trx, {
      sku: 'GAL-A55',
      barcode: '4006381333931',
      name: 'Galaxy A55 Phone',
      priceMinor: 44_900,
      taxable: true,
      serialized: true,
      maintainStock: true,
      assetType: 'Phone',
    });
    const cable = await createProduct(trx, {
      sku: 'USBC-2M',
      barcode: '0012345678905',
      name: 'USB-C Cable 2m',
      priceMinor: 1_999,
      taxable: true,
      serialized: false,
      maintainStock: true,
    });
    await createProduct(trx, {
      sku: 'LAB-ONSITE',
      barcode: null,
      name: 'On-site support (hour)',
      priceMinor: 12_500,
      taxable: true,
      serialized: false,
      maintainStock: false,
    });
    const drill = await createProduct(trx, {
      sku: 'DRL-18V',
      barcode: '4002432123453',
      name: 'Cordless Drill 18V',
      priceMinor: 18_900,
      taxable: true,
      serialized: true,
      maintainStock: true,
    });
    await createProduct(trx, {
      sku: 'WARR-2Y',
      barcode: null,
      name: 'Extended warranty (2 years)',
      priceMinor: 9_900,
      taxable: false,
      serialized: false,
      maintainStock: false,
    });

    await receiveGoods(trx, {
      locationId: main.id,
      reference: 'Opening stock',
      source: 'demo',
      lines: [
        {
          productId: laptop.id,
          qty: 3,
          unitCostMinor: 98_000,
          serials: [
            { serial: 'DL5440-0001', conditionNotes: 'New' },
            { serial: 'DL5440-0002', conditionNotes: 'New' },
            { serial: 'DL5440-0003', conditionNotes: 'Open box - minor scuff' },
          ],
        },
        {
          productId: phone.id,
          qty: 2,
          unitCostMinor: 33_000,
          serials: [
            { serial: '356789012345671', conditionNotes: 'New' },
            { serial: '356789012345689', conditionNotes: 'New' },
          ],
        },
        { productId: cable.id, qty: 50, unitCostMinor: 450 },
        {
          productId: drill.id,
          qty: 2,
          unitCostMinor: 11_000,
          serials: [
            { serial: 'MKT18-A1001', conditionNotes: 'New' },
            { serial: 'MKT18-A1002', conditionNotes: 'New' },
          ],
        },
      ],
    });
    await receiveGoods(trx, {
      locationId: warehouse.id,
      reference: 'Opening stock',
      source: 'demo',
      lines: [
        {
          productId: laptop.id,
          qty: 1,
          unitCostMinor: 98_000,
          serials: [{ serial: 'DL5440-0101', conditionNotes: 'New' }],
        },
      ],
    });

    // Acme's contacts (two with Remote access, which a contact counter line can count) and a device entered by hand.
    const [remote] = await saveContactField(trx, { name: 'Remote access', kind: 'yes_no' });
    const contacts = [
      { name: 'Dana Whitfield', email: 'dana@acme.example', phone: '555-0101', remote: 'yes' },
      { name: 'Luis Ortega', email: 'luis@acme.example', phone: '555-0102', remote: 'yes' },
      { name: 'Priya Shah', email: 'priya@acme.example', phone: '555-0103', remote: 'no' },
    ];
    for (const c of contacts) {
      await saveContact(trx, { ...c, customerId: acme.id, values: [{ fieldId: remote!.id, value: c.remote }] });
    }
    await saveCustomerAsset(trx, {
      customerId: acme.id,
      assetType: 'Laptop',
      name: 'Front desk PC',
      serial: 'ACME-FD-01',
    });

    // The demo staff (README: Staff and PINs); their hashes are made once per process (every test store is a demo).
    demoHashes ??= Promise.all(DEMO_STAFF.map((s) => hashPin(s.pin)));
    const hashes = await demoHashes;
    const at = trx.now().toISOString();
    await trx.db
      .insertInto('staff')
      .values(
        DEMO_STAFF.map((s, i) => ({
          name: s.name,
          role: s.role,
          pin_hash: hashes[i]!,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
  });
}

export const DEMO_STAFF = [
  { name: 'Demo Admin', role: 'admin', pin: '1234' },
  { name: 'Morgan Manager', role: 'manager', pin: '2222' },
  { name: 'Casey Cashier', role: 'cashier', pin: '1111' },
] as const;
let demoHashes: Promise<string[]> | undefined;
