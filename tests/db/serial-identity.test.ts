import { describe, expect, it } from 'vitest';
import { normalizeSerial, serialKey, visibleSerial } from '../../core/serial.ts';
import { inWriteTransaction } from '../../db/services/context.ts';
import { saveInvoice } from '../../db/services/invoices.ts';
import { existingSerials, findExistingSerials, receiveGoods } from '../../db/services/receiving.ts';
import { listSerials, renameSerial, serialHistory } from '../../db/services/serialAdmin.ts';
import { lookupSerial } from '../../db/services/serials.ts';
import { freshDemoPerTest, refusedWithoutWrites, serviceCtx, type Backend, type DemoIds } from '../support/backend.ts';

// Section 5 of issue 11: a serial is one unit, however it is typed. The demo laptop DL5440-0001
// written each way below is the same unit: refused as a duplicate on receive and on rename, and
// found by an SN: scan.

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const tx = <T>(work: Parameters<typeof inWriteTransaction<T>>[1]) => inWriteTransaction(serviceCtx(b), work);
const receive = (productId: number, ...serials: string[]) =>
  tx((t) =>
    receiveGoods(t, {
      locationId: ids.main,
      lines: [{ productId, qty: serials.length, serials: serials.map((serial) => ({ serial })) }],
    }),
  );
const refusal = (work: () => Promise<unknown>) => refusedWithoutWrites(b, work);

/** [what it is, how it is typed, the unit it means as received (stored normalised)]. */
const VARIANTS: Array<[string, string, string]> = [
  ['lower case', 'dl5440-0001', 'DL5440-0001'],
  ['a trailing NUL', 'DL5440-0001\u0000', 'DL5440-0001'],
  ['a zero-width space', 'DL5440\u200B-0001', 'DL5440-0001'],
  ['a U+2010 hyphen', 'DL5440\u20100001', 'DL5440-0001'],
  ['fullwidth digits', 'DL5440-\uFF10\uFF10\uFF10\uFF11', 'DL5440-0001'],
  [
    'fullwidth letters, digits and hyphen',
    '\uFF24\uFF2C\uFF15\uFF14\uFF14\uFF10\uFF0D\uFF10\uFF10\uFF10\uFF11',
    'DL5440-0001',
  ],
  ['a BOM', '\uFEFFDL5440-0001', 'DL5440-0001'],
  ['É decomposed where it was received composed', 'CAF\u0045\u0301-0001', 'CAF\u00C9-0001'],
  ['É composed where it was received decomposed', 'CAF\u00C9-0002', 'CAF\u0045\u0301-0002'],
];

describe('core/serial.ts', () => {
  it('normalises every variant to one text and one key, and is idempotent', () => {
    for (const [, typed, stored] of VARIANTS) {
      expect(serialKey(typed)).toBe(serialKey(stored));
      expect(normalizeSerial(normalizeSerial(typed))).toBe(normalizeSerial(typed));
    }
    expect(normalizeSerial('  \u00A0DL5440\u2013\u200D0001\u0000\u3000')).toBe('DL5440-0001');
    expect(normalizeSerial('e\u200B\u0301')).toBe('\u00E9'); // the zero-width space cannot keep the accent off its letter
    expect(serialKey('STRASSE')).toBe(serialKey('straße'));
    expect(normalizeSerial('\u200B\uFEFF\u0000')).toBe('');
    expect(visibleSerial('DL5440-0001\u0000')).toBe('DL5440-0001<U+0000>');
  });
});

describe('receiving', () => {
  it('stores the normalised text and its key', async () => {
    const { serialIds } = await receive(ids.laptop, ' \uFEFFDL5440\u2010\uFF10\uFF17\uFF17\u200B\u0000 ');
    expect(await b.one('SELECT serial, serial_key FROM serials WHERE id = ?', serialIds[0])).toEqual({
      serial: 'DL5440-077',
      serial_key: 'dl5440-077',
    });
  });

  it.each(VARIANTS)('refuses a unit the product already has, written with %s', async (_what, typed, stored) => {
    if (stored.startsWith('CAF')) await receive(ids.laptop, stored);
    const error = await refusal(() => receive(ids.laptop, typed));
    const details = error.details as { problems: Array<{ serial: string; reason: string }> };
    expect(details.problems).toEqual([
      expect.objectContaining({ serial: normalizeSerial(typed), reason: 'already_exists' }),
    ]);
    const as =
      normalizeSerial(typed) === normalizeSerial(stored) ? '' : ` (as ${visibleSerial(normalizeSerial(stored))})`;
    expect(error.message).toContain(`${normalizeSerial(typed)} already exists for Latitude 5440 Laptop${as}.`);
  });

  it.each(VARIANTS)(
    'refuses the same serial twice in one receipt, once written with %s',
    async (_what, typed, stored) => {
      const error = await refusal(() => receive(ids.phone, stored, typed));
      const details = error.details as { problems: Array<{ serial: string; reason: string; line: number }> };
      expect(details.problems).toEqual([
        expect.objectContaining({ serial: normalizeSerial(typed), reason: 'duplicate_in_receipt', line: 1 }),
      ]);
      expect(error.message).toContain('is entered twice in this receipt');
    },
  );

  it('still takes the same serial on another product', async () => {
    await receive(ids.phone, 'dl5440-0001');
    expect(await b.one(`SELECT count(*) AS n FROM serials WHERE serial_key = 'dl5440-0001'`)).toEqual({ n: 2 });
  });

  it('answers the receiving console and imports by key, with the texts as the caller wrote them', async () => {
    const asked = ['dl5440-0002', 'NEW-1', 'DL5440\u20100003', 'dl5440-0002'];
    expect(await existingSerials(serviceCtx(b), ids.laptop, asked)).toEqual(['dl5440-0002', 'DL5440\u20100003']);
    expect(await findExistingSerials(serviceCtx(b), ids.laptop, asked)).toEqual([
      { text: 'dl5440-0002', stored: 'DL5440-0002' },
      { text: 'DL5440\u20100003', stored: 'DL5440-0003' },
    ]);
    const outcome = await b.api.checkSerials({ productId: ids.laptop, serials: ['\uFEFFdl5440-0001', 'DL5440-0999'] });
    expect(outcome).toEqual({ ok: true, value: { existing: ['\uFEFFdl5440-0001'] } });
  });
});

describe('renaming', () => {
  it.each(VARIANTS)('refuses a rename to a serial another unit has, written with %s', async (_what, typed, stored) => {
    if (stored.startsWith('CAF')) await receive(ids.laptop, stored);
    const error = await refusal(() => tx((t) => renameSerial(t, ids.serial('DL5440-0002'), typed, 'typo')));
    expect(error.code).toBe('conflict');
    expect(error.details).toEqual({ field: 'serial' });
    expect(error.message).toContain(
      `Latitude 5440 Laptop already has a serial ${visibleSerial(normalizeSerial(stored))}`,
    ); // received normalised
  });

  it('allows fixing the letter case of the same unit, with no alias for it', async () => {
    const id = ids.serial('DL5440-0003');
    const renamed = await tx((t) => renameSerial(t, id, 'dl5440-0003', 'lower case on the label'));
    expect(renamed.serial).toBe('dl5440-0003');
    expect(await b.one('SELECT serial_key FROM serials WHERE id = ?', id)).toEqual({ serial_key: 'dl5440-0003' });
    expect((await serialHistory(serviceCtx(b), id)).aliases).toEqual([]);
    expect((await lookupSerial(serviceCtx(b), 'DL5440-0003')).map((m) => m.serialId)).toEqual([id]);
  });

  it('stores the new text normalised, and finds the unit by its old label in any form', async () => {
    const id = ids.serial('DL5440-0003');
    const renamed = await tx((t) =>
      renameSerial(t, id, '\uFEFFDL5440\u2010\uFF10\uFF10\uFF13\uFF10\u0000', 'label typo'),
    );
    expect(renamed.serial).toBe('DL5440-0030');
    expect(await b.one('SELECT alias, alias_key FROM serial_aliases WHERE serial_id = ?', id)).toEqual({
      alias: 'DL5440-0003',
      alias_key: 'dl5440-0003',
    });
    expect((await lookupSerial(serviceCtx(b), 'dl5440\u200B-0003')).map((m) => [m.serialId, m.serial])).toEqual([
      [id, 'DL5440-0030'],
    ]);
    expect(
      (await listSerials(serviceCtx(b), { text: 'dl5440\u2010000', limit: 10, offset: 0 })).rows.map((r) => r.serial),
    ).toEqual(['DL5440-0001', 'DL5440-0002', 'DL5440-0030']);
  });
});

describe('SN: lookup and the Serial Numbers filter', () => {
  it.each(VARIANTS)('find the unit written with %s', async (_what, typed, stored) => {
    const id = stored.startsWith('CAF') ? (await receive(ids.laptop, stored)).serialIds[0] : ids.serial(stored);
    expect((await lookupSerial(serviceCtx(b), typed)).map((m) => m.serialId)).toEqual([id]);
    expect((await lookupSerial(serviceCtx(b), `  ${typed}  `, '5901234123457')).map((m) => m.serialId)).toEqual([id]); // GS1 with the laptop's GTIN
    expect(
      (await listSerials(serviceCtx(b), { text: typed.slice(0, -1), limit: 10, offset: 0 })).rows.map((r) => r.id),
    ).toContain(id);
    expect((await b.api.lookupSerial({ serial: typed })).ok).toBe(true);
  });

  it('prefers the product that holds the serial written exactly as scanned, else lists every product', async () => {
    await receive(ids.phone, 'dl5440-0001');
    const phoneUnit = (await b.one<{ id: number }>(`SELECT id FROM serials WHERE serial = 'dl5440-0001'`)).id;
    expect((await lookupSerial(serviceCtx(b), 'DL5440-0001')).map((m) => m.serialId)).toEqual([
      ids.serial('DL5440-0001'),
    ]);
    expect((await lookupSerial(serviceCtx(b), 'dl5440-0001')).map((m) => m.serialId)).toEqual([phoneUnit]);
    expect((await lookupSerial(serviceCtx(b), 'Dl5440-0001')).map((m) => m.productName)).toEqual([
      'Galaxy A55 Phone',
      'Latitude 5440 Laptop',
    ]);
  });
});

describe('selling', () => {
  it('cannot sell the "same" unit twice, however it was typed', async () => {
    const sale = (serialId: number) =>
      tx((t) =>
        saveInvoice(t, {
          customerId: ids.acme,
          locationId: ids.main,
          invoiceDate: '2026-11-21',
          notes: '',
          lines: [
            {
              productId: ids.laptop,
              description: 'Latitude 5440 Laptop',
              qty: 1000,
              unitPriceMinor: 124_900,
              taxable: true,
              serialIds: [serialId],
            },
          ],
        }),
      );
    // A second unit cannot be received in another form, nor written past the services.
    await refusal(() => receive(ids.laptop, 'dl5440-0001'));
    await expect(
      b.all(
        `INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at) VALUES (?, 'dl5440-0001', 'dl5440-0001', ?, 'in_stock', 'now')`,
        ids.laptop,
        ids.main,
      ),
    ).rejects.toThrow(
      /UNIQUE constraint failed: serials.product_id, serials.serial_key|unique constraint "serials_one_per_key"/,
    );

    // Each typed form finds the one unit; the second sale is refused.
    const [first] = await lookupSerial(serviceCtx(b), 'DL5440-0001');
    const [second] = await lookupSerial(serviceCtx(b), 'ＤＬ５４４０－０００１');
    expect(second!.serialId).toBe(first!.serialId);
    await sale(first!.serialId);
    const error = await refusal(() => sale(second!.serialId));
    expect(error.code).toBe('serial_unavailable');
    expect(
      await b.one(
        `SELECT count(*) AS n FROM invoice_line_serials ils JOIN serials s ON s.id = ils.serial_id WHERE s.serial_key = 'dl5440-0001' AND s.product_id = ?`,
        ids.laptop,
      ),
    ).toEqual({ n: 1 });
  });
});
