import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrations } from '../../db/migrations/index.ts';
import { openStore, type SqliteStore } from '../../db/open.ts';
import { tempDir } from '../support/backend.ts';

const open: SqliteStore[] = [];
const track = (s: SqliteStore) => (open.push(s), s);
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('migration 0006: the counter', () => {
  it('keeps a v5 store’s invoices, payments and history, and adds staff, tills, discounts and credit notes', () => {
    const file = path.join(tempDir(), 'pos.sqlite');
    const v5 = track(openStore(file, { migrations: migrations.filter((m) => m.version <= 5) }));
    v5.sqlite.exec(`
      INSERT INTO locations (id, name, kind, is_default) VALUES (1, 'Main Store', 'store', 1);
      INSERT INTO customers (id, name) VALUES (1, 'Acme Corp');
      INSERT INTO products (id, sku, name, price_minor, taxable, serialized, maintain_stock) VALUES
        (1, 'LAT', 'Laptop', 100, 1, 1, 1);
      INSERT INTO serials (id, product_id, serial, serial_key, location_id, status, customer_id, received_at)
        VALUES (1, 1, 'SN-1', 'sn-1', 1, 'sold', 1, '2026-01-01');
      INSERT INTO invoices (id, number, customer_id, location_id, invoice_date, due_date, status, subtotal_minor,
        tax_minor, total_minor, paid_minor, created_at, updated_at)
        VALUES (1, 'INV-000001', 1, 1, '2026-01-02', '2026-01-02', 'paid', 100, 8, 108, 108, '2026-01-02', '2026-01-02');
      INSERT INTO invoice_lines (id, invoice_id, position, product_id, description, qty, unit_price_minor, taxable,
        tax_rate_bp, line_total_minor) VALUES (9, 1, 1, 1, 'Laptop', 1000, 100, 1, 750, 100);
      INSERT INTO invoice_line_serials (invoice_line_id, serial_id) VALUES (9, 1);
      INSERT INTO payments (id, number, customer_id, method_id, amount_minor, paid_on, created_at, actor)
        VALUES (1, 'PAY-000001', 1, 1, 108, '2026-01-02', '2026-01-02', 'web');
      INSERT INTO payment_allocations (payment_id, invoice_id, amount_minor) VALUES (1, 1, 108);
      INSERT INTO serial_events (serial_id, at, actor, kind, location_id, invoice_id, invoice_line_id, customer_id, note)
        VALUES (1, '2026-01-02', 'web', 'sold', 1, 1, 9, 1, 'sold on INV-000001 to Acme Corp');
    `);
    v5.sqlite.close();
    open.pop();

    const { sqlite } = track(openStore(file));
    expect(sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(
      sqlite
        .prepare(
          `SELECT status, paid_minor, balance_minor, credited_minor, discount_minor, cashier, held_at, till_session_id
           FROM invoices`,
        )
        .get(),
    ).toEqual({
      status: 'paid',
      paid_minor: 108,
      balance_minor: 0,
      credited_minor: 0,
      discount_minor: 0,
      cashier: '',
      held_at: null,
      till_session_id: null,
    });
    expect(sqlite.prepare('SELECT discount_kind, discount_minor, line_total_minor FROM invoice_lines').get()).toEqual({
      discount_kind: null,
      discount_minor: 0,
      line_total_minor: 100,
    });
    expect(sqlite.prepare('SELECT till_session_id, tendered_minor FROM payments').get()).toEqual({
      till_session_id: null,
      tendered_minor: null,
    });
    expect(sqlite.prepare('SELECT credit_note_id, note FROM serial_events').get()).toEqual({
      credit_note_id: null,
      note: 'sold on INV-000001 to Acme Corp',
    });
    // History stays append-only after the column was added.
    expect(() => sqlite.exec(`UPDATE serial_events SET note = 'x'`)).toThrow(/append-only/);

    // Staff PINs are stored only as scrypt hashes; roles are a closed list.
    const staff = `INSERT INTO staff (name, role, pin_hash, created_at, updated_at) VALUES (?, ?, ?, 'x', 'x')`;
    expect(() => sqlite.prepare(staff).run('Ann', 'admin', '1234')).toThrow(/CHECK constraint failed/);
    expect(() => sqlite.prepare(staff).run('Ann', 'owner', 'scrypt$1')).toThrow(/CHECK constraint failed/);
    sqlite.prepare(staff).run('Ann', 'admin', 'scrypt$16384$8$1$salt$hash');
    expect(() => sqlite.prepare(staff).run('ANN', 'cashier', 'scrypt$x')).toThrow(/UNIQUE/);

    // One open till per register; a closed session has its Z number, count and expected cash.
    const openTill = `INSERT INTO till_sessions (register, location_id, opened_at, opened_by, opening_float_minor)
      VALUES ('Main', 1, '2026-01-03', 'Ann', 10000)`;
    sqlite.exec(openTill);
    expect(() => sqlite.exec(openTill)).toThrow(/UNIQUE/);
    expect(() => sqlite.exec(`UPDATE till_sessions SET closed_at = '2026-01-03'`)).toThrow(/CHECK constraint failed/);
    sqlite.exec(`UPDATE till_sessions SET closed_at = '2026-01-03', closed_by = 'Ann', z_number = 'Z-000001',
      expected_cash_minor = 10000, counted_cash_minor = 9900`);
    sqlite.exec(openTill);
    expect(() =>
      sqlite.exec(`INSERT INTO till_movements (till_session_id, kind, amount_minor, at, actor)
        VALUES (2, 'no_sale', 5, 'x', 'Ann')`),
    ).toThrow(/CHECK constraint failed/);

    // A unit comes back from one sale line at most once.
    sqlite.exec(`
      INSERT INTO credit_notes (id, number, invoice_id, customer_id, location_id, subtotal_minor, tax_minor, total_minor,
        refund_to, created_at, actor) VALUES (1, 'CN-000001', 1, 1, 1, 100, 8, 108, 'tenders', 'x', 'Ann');
      INSERT INTO credit_note_lines (id, credit_note_id, invoice_line_id, qty, amount_minor, tax_minor)
        VALUES (1, 1, 9, 1000, 100, 8);
      INSERT INTO credit_note_units (credit_note_line_id, serial_id, invoice_line_id, disposition) VALUES (1, 1, 9, 'stock');
    `);
    expect(() =>
      sqlite.exec(`INSERT INTO credit_note_lines (id, credit_note_id, invoice_line_id, qty, amount_minor, tax_minor)
        VALUES (2, 1, 9, 1000, 100, 8);
        INSERT INTO credit_note_units (credit_note_line_id, serial_id, invoice_line_id, disposition)
        VALUES (2, 1, 9, 'rma');`),
    ).toThrow(/UNIQUE/);
    expect(() => sqlite.exec(`UPDATE credit_notes SET refund_to = 'cash'`)).toThrow(/CHECK constraint failed/);
  });
});
