import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../db/csv.ts';
import { AppError } from '../../core/errors.ts';
import { inWriteTransaction } from '../../db/services/context.ts';
import { previewImport, runImport } from '../../db/services/imports.ts';
import { lookupSerial } from '../../db/services/serials.ts';
import {
  freshDemoPerTest,
  onPostgres,
  refusedWithoutWrites,
  serviceCtx,
  tableCounts,
  type Backend,
  type DemoIds,
} from '../support/backend.ts';
import type { ImportKind } from '../../core/model.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const run = (kind: ImportKind, text: string, progress?: (n: number) => Promise<void>) =>
  inWriteTransaction(serviceCtx(b), (t) => runImport(t, kind, text, 'stock.csv', progress));

const refusal = (work: () => Promise<unknown>) => refusedWithoutWrites(b, work);

/** A serials file of n laptop rows, DL-IMP-000001 …, at Main Store. */
const bigFile = (n: number, tail = '') =>
  `product sku,serial,location,condition notes\n${Array.from({ length: n }, (_, i) => `LAT-5440,DL-IMP-${String(i + 1).padStart(6, '0')},Main Store,New`).join('\n')}\n${tail}`;

describe('CSV reading', () => {
  it('reads BOM, semicolons, quotes with delimiters, escaped quotes and line breaks, CRLF, and keeps line numbers', () => {
    const file = parseCsv(
      '\uFEFFsku;name;price\r\nA-1;"Cable; 2 m";"1,99"\r\n\r\nB-2;"Say ""hi""\nsecond line";3\r\nC-3;Plain;4',
    );
    expect(file.delimiter).toBe(';');
    expect(file.header).toEqual(['sku', 'name', 'price']);
    expect(file.records).toEqual([
      { line: 2, values: ['A-1', 'Cable; 2 m', '1,99'] },
      { line: 4, values: ['B-2', 'Say "hi"\nsecond line', '3'] },
      { line: 6, values: ['C-3', 'Plain', '4'] },
    ]);
  });
});

describe('importing serials', () => {
  it('previews rows and reports every row error with its line number and reason', async () => {
    const text = [
      'Product SKU,Serial,Location,Condition notes',
      'LAT-5440,DL-NEW-1,Main Store,New',
      'NOPE-1,X1,Main Store,',
      'USBC-2M,C1,Main Store,',
      'LAT-5440,,Main Store,',
      'LAT-5440,DL-NEW-1,Warehouse,',
      'LAT-5440,DL5440-0001,Main Store,',
      'GAL-A55,P-1,Basement,',
    ].join('\n');
    const preview = await previewImport(serviceCtx(b), 'serials', text);
    expect(preview.rowCount).toBe(7);
    expect(preview.sample[0]).toEqual({ line: 2, values: ['LAT-5440', 'DL-NEW-1', 'Main Store', 'New'] });
    expect(preview.errors).toEqual([
      { line: 3, message: 'Line 3: no product has SKU NOPE-1.' },
      { line: 4, message: 'Line 4: USB-C Cable 2m (USBC-2M) is not serial-tracked.' },
      { line: 5, message: 'Line 5: the serial is empty.' },
      { line: 6, message: 'Line 6: DL-NEW-1 is also on line 2.' },
      { line: 7, message: 'Line 7: DL5440-0001 already exists for Latitude 5440 Laptop.' },
      { line: 8, message: 'Line 8: no location is named Basement.' },
    ]);
    expect((await refusal(() => run('serials', text))).message).toBe('Nothing was imported: 6 row errors.');
  });

  it('imports into each row\'s location through goods receipts, with history "imported from <file>"', async () => {
    const result = await run(
      'serials',
      'sku;serial;location;condition\nLAT-5440;DL-NEW-1;Warehouse;Refurbished\nGAL-A55;P-1;;\n',
    );
    expect(result).toEqual({ created: 2, receipts: ['GR-000003', 'GR-000004'] });
    const [laptop] = await lookupSerial(serviceCtx(b), 'DL-NEW-1');
    expect(laptop).toMatchObject({ locationName: 'Warehouse', status: 'in_stock', conditionNotes: 'Refurbished' });
    expect((await lookupSerial(serviceCtx(b), 'P-1'))[0]).toMatchObject({ locationName: 'Main Store' }); // empty location: the default
    expect(await b.one(`SELECT note FROM serial_events WHERE serial_id = ?`, laptop!.serialId)).toEqual({
      note: 'imported from stock.csv (GR-000003)',
    });
  });

  it('a bad row at the end of a large file: nothing is written', async () => {
    const text = bigFile(20_000, 'LAT-5440,DL-IMP-000007,Main Store,dup');
    const preview = await previewImport(serviceCtx(b), 'serials', text);
    expect(preview.errors).toEqual([{ line: 20_002, message: 'Line 20002: DL-IMP-000007 is also on line 8.' }]);
    await refusal(() => run('serials', text));
  });

  it('a failure or a cancel while writing rolls the whole import back', async () => {
    // A store-level failure at the last row, after 19,999 rows were written in this transaction.
    if (onPostgres) {
      await b.all(`CREATE FUNCTION fail_last() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.serial = 'DL-IMP-020000' THEN RAISE EXCEPTION 'disk trouble'; END IF; RETURN NEW; END $$`);
      await b.all('CREATE TRIGGER fail_last BEFORE INSERT ON serials FOR EACH ROW EXECUTE FUNCTION fail_last()');
    } else {
      await b.all(
        `CREATE TRIGGER fail_last BEFORE INSERT ON serials WHEN NEW.serial = 'DL-IMP-020000' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`,
      );
    }
    const before = await tableCounts(b);
    await expect(run('serials', bigFile(20_000))).rejects.toThrow('disk trouble');
    expect(await tableCounts(b)).toEqual(before);
    await b.all(onPostgres ? 'DROP TRIGGER fail_last ON serials' : 'DROP TRIGGER fail_last');

    const seen: number[] = [];
    const error = await refusal(() =>
      run('serials', bigFile(5_000), async (n) => {
        seen.push(n);
        if (n >= 2_000) throw new AppError('cancelled', 'The import was cancelled; nothing was written.');
      }),
    );
    expect(error.code).toBe('cancelled');
    expect(seen[0]).toBeGreaterThan(0);
    const all = await run('serials', bigFile(5_000));
    expect(all.created).toBe(5_000);
  });
});

describe('the import job (contract calls)', () => {
  const settle = async (jobId: string) => {
    for (;;) {
      const o = await b.api.importProgress({ jobId });
      if (!o.ok) throw new Error(o.error.message);
      if (o.value.state !== 'running') return o.value;
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it('runs to done with progress, and a cancel while it runs writes nothing', async () => {
    const before = await tableCounts(b);
    const started = await b.api.startImport({ kind: 'serials', text: bigFile(30_000), fileName: 'big.csv' });
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value).toMatchObject({ state: 'running', total: 30_000 });
    await b.api.cancelImport({ jobId: started.value.id });
    expect(await settle(started.value.id)).toMatchObject({
      state: 'cancelled',
      message: 'The import was cancelled; nothing was written.',
    });
    expect(await tableCounts(b)).toEqual(before);

    const again = await b.api.startImport({ kind: 'serials', text: bigFile(3_000), fileName: 'big.csv' });
    if (!again.ok) throw new Error(again.error.message);
    expect(await settle(again.value.id)).toMatchObject({
      state: 'done',
      done: 3_000,
      message: 'Imported 3,000 serials on GR-000003.',
    });
  });

  it('a file with row errors ends failed with the errors and writes nothing', async () => {
    const before = await tableCounts(b);
    const started = await b.api.startImport({
      kind: 'serials',
      text: bigFile(100, 'NOPE,X,Main Store,'),
      fileName: 'bad.csv',
    });
    if (!started.ok) throw new Error(started.error.message);
    expect(await settle(started.value.id)).toMatchObject({
      state: 'failed',
      errors: [{ line: 102, message: 'Line 102: no product has SKU NOPE.' }],
    });
    expect(await tableCounts(b)).toEqual(before);
  });
});

describe('importing products', () => {
  it('refuses control characters in names, SKUs and condition notes, as the screens do, and writes nothing', async () => {
    const products = [
      'sku,name,price',
      'NEW-1,Bad\u0000Name,1.00',
      'NEW\u00072,Bell,1.00',
      'NEW-3,Next\u0085line,1.00',
    ].join('\n');
    expect((await previewImport(serviceCtx(b), 'products', products)).errors.map((e) => e.message)).toEqual([
      'Line 2: the name holds a control character.',
      'Line 3: the SKU holds a control character.',
      'Line 4: the name holds a control character.',
    ]);
    await refusal(() => run('products', products));
    const serials = [
      'product sku,serial,location,condition notes',
      'LAT-5440,DL-C-1,,Fine\u0000',
      'LAT-5440,DL-C-2,,Two\tcolumns ok',
    ].join('\n');
    expect((await previewImport(serviceCtx(b), 'serials', serials)).errors.map((e) => e.message)).toEqual([
      'Line 2: the condition notes hold a control character.',
    ]);
    await refusal(() => run('serials', serials));
  });

  it('creates products and refuses duplicates, bad prices, flags and check digits with line numbers', async () => {
    const bad = [
      'sku,name,price,barcode,taxable,serialized',
      'NEW-1,Dock,199.00,,yes,no',
      'new-1,Dock again,1,,,',
      'LAT-5440,Clash,1,,,',
      'NEW-2,Bad price,12.345,,,',
      'NEW-3,Bad flag,1,,maybe,',
      'NEW-4,Bad GTIN,1,5901234123458,,',
    ].join('\n');
    expect((await previewImport(serviceCtx(b), 'products', bad)).errors.map((e) => e.message)).toEqual([
      'Line 3: SKU new-1 is also on line 2.',
      'Line 4: a product with SKU LAT-5440 already exists.',
      'Line 5: the price "12.345" is not an amount like 12.99 (USD amounts have at most 2 decimals).',
      'Line 6: taxable must be yes or no.',
      'Line 7: barcode 5901234123458 has a wrong check digit.',
    ]);
    await refusal(() => run('products', bad));
    const ok = await run(
      'products',
      'SKU;Name;Price;Barcode;Serialized\nDOCK-1;USB-C Dock;199,50;4006381333948;yes\nBAG-1;Laptop bag;39;;no\n',
    );
    expect(ok.created).toBe(2);
    expect(
      await b.all(
        `SELECT sku, name, price_minor, barcode, serialized, maintain_stock, taxable FROM products WHERE sku IN ('DOCK-1','BAG-1') ORDER BY sku`,
      ),
    ).toEqual([
      {
        sku: 'BAG-1',
        name: 'Laptop bag',
        price_minor: 3900,
        barcode: null,
        serialized: 0,
        maintain_stock: 1,
        taxable: 1,
      },
      {
        sku: 'DOCK-1',
        name: 'USB-C Dock',
        price_minor: 19950,
        barcode: '4006381333948',
        serialized: 1,
        maintain_stock: 1,
        taxable: 1,
      },
    ]);
    void ids;
  });

  it('a SKU differing from a stored one only in letter case is a row error on both stores (ASCII letters only)', async () => {
    const clash = 'sku,name,price\nlat-5440,Another laptop,1000\nUsbC-2m,Another cable,5';
    const expected = [
      { line: 2, message: 'Line 2: a product with SKU lat-5440 already exists.' },
      { line: 3, message: 'Line 3: a product with SKU UsbC-2m already exists.' },
    ];
    expect((await previewImport(serviceCtx(b), 'products', clash)).errors).toEqual(expected);
    const refused = await refusal(() => run('products', clash));
    expect(refused.message).toBe('Nothing was imported: 2 row errors.');
    expect(refused.details).toEqual({ errors: expected });
    // The stores fold ASCII letters only (NOCASE; lower() under COLLATE "C"): Ä and ä are two SKUs, as are Ä and A.
    expect((await run('products', 'sku,name,price\nÄX-1,Upper,1\näx-1,Lower,1\nAX-1,Plain,1')).created).toBe(3);
    expect((await previewImport(serviceCtx(b), 'products', 'sku,name,price\näX-1,Again,1')).errors).toEqual([
      { line: 2, message: 'Line 2: a product with SKU äX-1 already exists.' },
    ]);
    // A serials file finds each of them by its own SKU, and a location whatever the case of its name.
    await b.all(`UPDATE products SET serialized = 1 WHERE sku IN ('ÄX-1', 'äx-1')`);
    expect((await run('serials', 'sku,serial,location\näX-1,UML-1,main store\nÄx-1,UML-2,WAREHOUSE')).created).toBe(2);
    expect(
      await b.all(
        `SELECT p.sku, s.serial, l.name AS location FROM serials s JOIN products p ON p.id = s.product_id
         JOIN locations l ON l.id = s.location_id WHERE s.serial LIKE 'UML-%' ORDER BY s.serial`,
      ),
    ).toEqual([
      { sku: 'äx-1', serial: 'UML-1', location: 'Main Store' },
      { sku: 'ÄX-1', serial: 'UML-2', location: 'Warehouse' },
    ]);
  });

  describe("prices in the shop's currency", () => {
    /** The shop's money settings, written as Settings would (the demo store's invoices keep the API from it). */
    const shop = (currency: string, locale = 'en-US') =>
      b.all(
        `INSERT INTO settings (key, value) VALUES ('currency', ?), ('locale', ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
        currency,
        locale,
      );
    const priceOf = (sku: string) =>
      b.one<{ price_minor: number }>('SELECT price_minor FROM products WHERE sku = ?', sku);

    it('a JPY shop stores 1250 as 1250 yen, not 125000', async () => {
      await shop('JPY', 'ja-JP');
      expect(await run('products', 'sku,name,price\nJP-1,Cable,1250\nJP-2,Dock,"12,500"\n')).toMatchObject({
        created: 2,
      });
      expect(await priceOf('JP-1')).toEqual({ price_minor: 1250 });
      expect(await priceOf('JP-2')).toEqual({ price_minor: 12_500 });
      const bad = 'sku,name,price\nJP-3,Half,1250.5\n';
      expect((await previewImport(serviceCtx(b), 'products', bad)).errors).toEqual([
        { line: 2, message: 'Line 2: the price "1250.5" is not an amount like 1250 (JPY amounts have no decimals).' },
      ]);
      await refusal(() => run('products', bad));
    });

    it('a KWD shop stores 1.5 as 1500 fils, not 150', async () => {
      await shop('KWD');
      await run('products', 'sku,name,price\nKW-1,Cable,1.5\nKW-2,Dock,"2,125"\n');
      expect(await priceOf('KW-1')).toEqual({ price_minor: 1500 });
      expect(await priceOf('KW-2')).toEqual({ price_minor: 2_125_000 }); // en-US groups: as the screens read it
    });

    it('a USD shop reads 12,99 and 12.99 as 12.99 and 1,234 as the screens do; 12.999 is a row error', async () => {
      await run(
        'products',
        'sku;name;price\nUS-1;Cable;12,99\nUS-2;Dock;12.99\nUS-3;Desk;1,234\nUS-4;Rack;"1,234.50"\n',
      );
      expect(await b.all(`SELECT sku, price_minor FROM products WHERE sku LIKE 'US-%' ORDER BY sku`)).toEqual([
        { sku: 'US-1', price_minor: 1299 },
        { sku: 'US-2', price_minor: 1299 },
        { sku: 'US-3', price_minor: 123_400 },
        { sku: 'US-4', price_minor: 123_450 },
      ]);
      const bad = 'sku,name,price\nUS-5,Too fine,12.999\nUS-6,Leading zero,"0,500"\nUS-7,Huge,"100,000,000.01"\n';
      expect((await previewImport(serviceCtx(b), 'products', bad)).errors.map((e) => e.message)).toEqual([
        'Line 2: the price "12.999" is not an amount like 12.99 (USD amounts have at most 2 decimals).',
        'Line 3: the price "0,500" is not an amount like 12.99 (USD amounts have at most 2 decimals).',
        'Line 4: the price "100,000,000.01" is more than the largest price accepted, 100,000,000.00.',
      ]);
      expect((await refusal(() => run('products', bad))).message).toBe('Nothing was imported: 3 row errors.');
    });

    it('a de-DE shop reads 12,99, 12.99 and 1.234,50 and refuses 0.500 (not 500,00)', async () => {
      await shop('EUR', 'de-DE');
      await run('products', 'sku;name;price\nDE-1;Kabel;12,99\nDE-2;Dock;12.99\nDE-3;Tisch;1.234,50\n');
      expect(await b.all(`SELECT sku, price_minor FROM products WHERE sku LIKE 'DE-%' ORDER BY sku`)).toEqual([
        { sku: 'DE-1', price_minor: 1299 },
        { sku: 'DE-2', price_minor: 1299 },
        { sku: 'DE-3', price_minor: 123_450 },
      ]);
      const bad = 'sku;name;price\nDE-4;Null;0.500\n';
      expect((await previewImport(serviceCtx(b), 'products', bad)).errors).toEqual([
        {
          line: 2,
          message: 'Line 2: the price "0.500" is not an amount like 12.99 (EUR amounts have at most 2 decimals).',
        },
      ]);
      await refusal(() => run('products', bad));
    });
  });

  it('names a missing required column', async () => {
    const preview = await previewImport(serviceCtx(b), 'products', 'sku,price\nA,1\n');
    expect(preview.errors[0]).toEqual({ line: 1, message: 'The header row has no "name" column (found: sku, price).' });
  });
});
