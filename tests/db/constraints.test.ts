import { describe, expect, it } from 'vitest';
import { freshDemoPerTest, onPostgres, type Backend, type DemoIds } from '../support/backend.ts';

// The rules hold in the database itself, even against a direct bad insert that skips the services.
let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const run = (sql: string, ...params: unknown[]) => b.all(sql, ...params);

/** What each store says when a rule refuses a write (SQLite's message, PostgreSQL's). */
const either = (sqlite: RegExp, postgres: RegExp) => (onPostgres ? postgres : sqlite);
const CHECK = either(/CHECK constraint failed/, /violates check constraint/);
const uniqueSerialKey = either(
  /UNIQUE constraint failed: serials.product_id, serials.serial_key/,
  /duplicate key value violates unique constraint "serials_one_per_key"/,
);

async function insertInvoiceLine(productId: number): Promise<number> {
  const inv = await b.one<{ id: number }>(
    `INSERT INTO invoices (number, customer_id, location_id, invoice_date, due_date, status, subtotal_minor, tax_minor, total_minor, created_at, updated_at)
    VALUES (?, ?, ?, '2026-11-21', '2026-11-21', 'sent', 0, 0, 0, 'now', 'now') RETURNING id`,
    `T-${Math.random()}`,
    ids.walkIn,
    ids.main,
  );
  const line = await b.one<{ id: number }>(
    `INSERT INTO invoice_lines (invoice_id, position, product_id, description, qty, unit_price_minor, taxable, line_total_minor)
    VALUES (?, 1, ?, 'x', 1000, 100, 1, 100) RETURNING id`,
    inv.id,
    productId,
  );
  return line.id;
}

describe('database constraints', () => {
  it('refuses a second unit with the same serial for the same product', async () => {
    await expect(
      run(
        `INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at) VALUES (?, 'DL5440-0001', 'dl5440-0001', ?, 'in_stock', 'now')`,
        ids.laptop,
        ids.main,
      ),
    ).rejects.toThrow(
      either(
        /UNIQUE constraint failed: serials.product_id, serials.serial/,
        /duplicate key value violates unique constraint "serials_(product_id_serial_key|one_per_key)"/,
      ),
    );
  });

  it('refuses the same serial in another letter case or form for the same product (unique key)', async () => {
    await expect(
      run(
        `INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at) VALUES (?, 'dl5440-0001', 'dl5440-0001', ?, 'in_stock', 'now')`,
        ids.laptop,
        ids.main,
      ),
    ).rejects.toThrow(uniqueSerialKey);
    await expect(
      run(
        `INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at) VALUES (?, ?, 'dl5440-0001', ?, 'in_stock', 'now')`,
        ids.laptop,
        'DL5440-0001\u200b', // a zero-width space after it
        ids.main,
      ),
    ).rejects.toThrow(uniqueSerialKey);
  });

  it('refuses a serial written without its key, or an ASCII serial whose key is not its lower case', async () => {
    await expect(
      run(
        `INSERT INTO serials (product_id, serial, location_id, status, received_at) VALUES (?, 'NEW-1', ?, 'in_stock', 'now')`,
        ids.laptop,
        ids.main,
      ),
    ).rejects.toThrow(/serial_key must be serialKey/);
    await expect(
      run(
        `INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at) VALUES (?, 'NEW-1', 'NEW-1', ?, 'in_stock', 'now')`,
        ids.laptop,
        ids.main,
      ),
    ).rejects.toThrow(/serial_key must be serialKey/);
    await expect(run(`UPDATE serials SET serial = 'DL5440-0009' WHERE serial = 'DL5440-0001'`)).rejects.toThrow(
      /serial_key must be serialKey/,
    );
    await expect(
      run(
        `INSERT INTO serial_aliases (serial_id, alias, created_at) VALUES (?, 'OLD-1', 'now')`,
        ids.serial('DL5440-0001'),
      ),
    ).rejects.toThrow(/alias_key must be serialKey/);
  });

  it('allows the same serial text on another product', async () => {
    await expect(
      run(
        `INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at) VALUES (?, 'DL5440-0001', 'dl5440-0001', ?, 'in_stock', 'now')`,
        ids.phone,
        ids.main,
      ),
    ).resolves.toEqual([]);
  });

  it('refuses a serial on two invoice lines (unique index)', async () => {
    const unit = ids.serial('DL5440-0001');
    await run(
      'INSERT INTO invoice_line_serials (invoice_line_id, serial_id) VALUES (?, ?)',
      await insertInvoiceLine(ids.laptop),
      unit,
    );
    await expect(
      run(
        'INSERT INTO invoice_line_serials (invoice_line_id, serial_id) VALUES (?, ?)',
        await insertInvoiceLine(ids.laptop),
        unit,
      ),
    ).rejects.toThrow(
      either(
        /UNIQUE constraint failed: invoice_line_serials.serial_id/,
        /duplicate key value violates unique constraint "invoice_line_serials_once"/,
      ),
    );
  });

  it('refuses a serial on a line of another product', async () => {
    await expect(
      run(
        'INSERT INTO invoice_line_serials (invoice_line_id, serial_id) VALUES (?, ?)',
        await insertInvoiceLine(ids.cable),
        ids.serial('DL5440-0001'),
      ),
    ).rejects.toThrow(/another product/);
  });

  it('checks statuses, money and flags', async () => {
    await expect(run(`UPDATE serials SET status = 'stolen' WHERE serial = 'DL5440-0001'`)).rejects.toThrow(CHECK);
    await expect(run(`UPDATE products SET price_minor = -1 WHERE sku = 'USBC-2M'`)).rejects.toThrow(CHECK);
    // A fraction of a minor unit is refused, not rounded, as a value the app would send (a parameter): SQLite's STRICT
    // INTEGER column refuses a REAL; PostgreSQL's bigint refuses the text 19.99. (A literal 19.99 typed into psql
    // would be rounded by PostgreSQL's assignment cast: no service writes SQL text with values in it.)
    await expect(run(`UPDATE products SET price_minor = ? WHERE sku = 'USBC-2M'`, 19.99)).rejects.toThrow(
      either(/cannot store REAL value in INTEGER column/, /invalid input syntax for type bigint: "19.99"/),
    );
    expect(await b.one(`SELECT price_minor FROM products WHERE sku = 'USBC-2M'`)).toEqual({ price_minor: 1999 });

    await expect(run(`UPDATE products SET taxable = 2 WHERE sku = 'USBC-2M'`)).rejects.toThrow(CHECK);
    await expect(run(`UPDATE products SET maintain_stock = 0 WHERE sku = 'LAT-5440'`)).rejects.toThrow(CHECK);
    await expect(
      run(`UPDATE serials SET serial = ' padded ', serial_key = ' padded ' WHERE serial = 'DL5440-0001'`),
    ).rejects.toThrow(CHECK);
  });

  it('enforces foreign keys', async () => {
    await expect(
      run(
        `INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at) VALUES (9999, 'X', 'x', ?, 'in_stock', 'now')`,
        ids.main,
      ),
    ).rejects.toThrow(either(/FOREIGN KEY constraint failed/, /violates foreign key constraint/));
  });

  it('keeps serial history append-only', async () => {
    await expect(run(`UPDATE serial_events SET note = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(run(`DELETE FROM serial_events`)).rejects.toThrow(/append-only/);
  });

  it('allows one default location and one default customer', async () => {
    await expect(run(`INSERT INTO locations (name, kind, is_default) VALUES ('Second', 'store', 1)`)).rejects.toThrow(
      either(/UNIQUE/, /unique constraint "locations_one_default"/),
    );
    await expect(run(`INSERT INTO customers (name, is_default) VALUES ('Second', 1)`)).rejects.toThrow(
      either(/UNIQUE/, /unique constraint "customers_one_default"/),
    );
  });
});
