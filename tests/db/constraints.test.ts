import { describe, expect, it } from 'vitest';
import { freshDemoPerTest, type Backend, type DemoIds } from '../support/backend.ts';

// The rules hold in the database itself, even against a direct bad insert that skips the services.
let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const run =
  (sql: string, ...params: unknown[]) =>
  () =>
    b.store.sqlite.prepare(sql).run(...params);

function insertInvoiceLine(productId: number): number {
  const inv = b.store.sqlite
    .prepare(
      `INSERT INTO invoices (number, customer_id, location_id, invoice_date, due_date, status, subtotal_minor, tax_minor, total_minor, created_at, updated_at)
    VALUES (?, ?, ?, '2026-11-21', '2026-11-21', 'sent', 0, 0, 0, 'now', 'now')`,
    )
    .run(`T-${Math.random()}`, ids.walkIn, ids.main);
  return Number(
    b.store.sqlite
      .prepare(
        `INSERT INTO invoice_lines (invoice_id, position, product_id, description, qty, unit_price_minor, taxable, line_total_minor)
    VALUES (?, 1, ?, 'x', 1000, 100, 1, 100)`,
      )
      .run(inv.lastInsertRowid, productId).lastInsertRowid,
  );
}

describe('database constraints', () => {
  it('refuses a second unit with the same serial for the same product', () => {
    expect(
      run(
        `INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at) VALUES (?, 'DL5440-0001', 'dl5440-0001', ?, 'in_stock', 'now')`,
        ids.laptop,
        ids.main,
      ),
    ).toThrow(/UNIQUE constraint failed: serials.product_id, serials.serial/);
  });

  it('refuses the same serial in another letter case or form for the same product (unique key)', () => {
    expect(
      run(
        `INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at) VALUES (?, 'dl5440-0001', 'dl5440-0001', ?, 'in_stock', 'now')`,
        ids.laptop,
        ids.main,
      ),
    ).toThrow(/UNIQUE constraint failed: serials.product_id, serials.serial_key/);
    expect(
      run(
        `INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at) VALUES (?, 'DL5440-0001' || char(8203), 'dl5440-0001', ?, 'in_stock', 'now')`,
        ids.laptop,
        ids.main,
      ),
    ).toThrow(/UNIQUE constraint failed: serials.product_id, serials.serial_key/);
  });

  it('refuses a serial written without its key, or an ASCII serial whose key is not its lower case', () => {
    expect(
      run(
        `INSERT INTO serials (product_id, serial, location_id, status, received_at) VALUES (?, 'NEW-1', ?, 'in_stock', 'now')`,
        ids.laptop,
        ids.main,
      ),
    ).toThrow(/serial_key must be serialKey/);
    expect(
      run(
        `INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at) VALUES (?, 'NEW-1', 'NEW-1', ?, 'in_stock', 'now')`,
        ids.laptop,
        ids.main,
      ),
    ).toThrow(/serial_key must be serialKey/);
    expect(run(`UPDATE serials SET serial = 'DL5440-0009' WHERE serial = 'DL5440-0001'`)).toThrow(
      /serial_key must be serialKey/,
    );
    expect(
      run(
        `INSERT INTO serial_aliases (serial_id, alias, created_at) VALUES (?, 'OLD-1', 'now')`,
        ids.serial('DL5440-0001'),
      ),
    ).toThrow(/alias_key must be serialKey/);
  });

  it('allows the same serial text on another product', () => {
    expect(
      run(
        `INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at) VALUES (?, 'DL5440-0001', 'dl5440-0001', ?, 'in_stock', 'now')`,
        ids.phone,
        ids.main,
      ),
    ).not.toThrow();
  });

  it('refuses a serial on two invoice lines (unique index)', () => {
    const unit = ids.serial('DL5440-0001');
    b.store.sqlite
      .prepare('INSERT INTO invoice_line_serials (invoice_line_id, serial_id) VALUES (?, ?)')
      .run(insertInvoiceLine(ids.laptop), unit);
    expect(
      run(
        'INSERT INTO invoice_line_serials (invoice_line_id, serial_id) VALUES (?, ?)',
        insertInvoiceLine(ids.laptop),
        unit,
      ),
    ).toThrow(/UNIQUE constraint failed: invoice_line_serials.serial_id/);
  });

  it('refuses a serial on a line of another product', () => {
    expect(
      run(
        'INSERT INTO invoice_line_serials (invoice_line_id, serial_id) VALUES (?, ?)',
        insertInvoiceLine(ids.cable),
        ids.serial('DL5440-0001'),
      ),
    ).toThrow(/another product/);
  });

  it('checks statuses, money and flags', () => {
    expect(run(`UPDATE serials SET status = 'lost' WHERE serial = 'DL5440-0001'`)).toThrow(/CHECK constraint failed/);
    expect(run(`UPDATE products SET price_minor = -1 WHERE sku = 'USBC-2M'`)).toThrow(/CHECK constraint failed/);
    expect(run(`UPDATE products SET price_minor = 19.99 WHERE sku = 'USBC-2M'`)).toThrow(
      /cannot store REAL value in INTEGER column/,
    );
    expect(run(`UPDATE products SET taxable = 2 WHERE sku = 'USBC-2M'`)).toThrow(/CHECK constraint failed/);
    expect(run(`UPDATE products SET maintain_stock = 0 WHERE sku = 'LAT-5440'`)).toThrow(/CHECK constraint failed/);
    expect(run(`UPDATE serials SET serial = ' padded ', serial_key = ' padded ' WHERE serial = 'DL5440-0001'`)).toThrow(
      /CHECK constraint failed/,
    );
  });

  it('enforces foreign keys', () => {
    expect(
      run(
        `INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at) VALUES (9999, 'X', 'x', ?, 'in_stock', 'now')`,
        ids.main,
      ),
    ).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('keeps serial history append-only', () => {
    expect(run(`UPDATE serial_events SET note = 'rewritten'`)).toThrow(/append-only/);
    expect(run(`DELETE FROM serial_events`)).toThrow(/append-only/);
  });

  it('allows one default location and one default customer', () => {
    expect(run(`INSERT INTO locations (name, kind, is_default) VALUES ('Second', 'store', 1)`)).toThrow(/UNIQUE/);
    expect(run(`INSERT INTO customers (name, is_default) VALUES ('Second', 1)`)).toThrow(/UNIQUE/);
  });
});
