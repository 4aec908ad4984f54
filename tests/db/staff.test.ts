import { afterEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../../core/contract.ts';
import type { StaffRef } from '../../core/model.ts';
import { inWriteTransaction } from '../../db/services/context.ts';
import { pinMatches, requireManager } from '../../db/services/staff.ts';
import { dispatch } from '../../electron/dispatch.ts';
import { FROZEN_NOW, freshBackend, tableCounts, type Backend } from '../support/backend.ts';

// Staff and PINs: hashed PINs, sign-in and its lockout, the first Admin, staff rules, manager approvals and what
// dispatch refuses, through the contract on a real store (demo staff: Demo Admin 1234, Morgan Manager 2222, Casey
// Cashier 1111).

let b: Backend;
afterEach(async () => b?.close());

async function backend(options: Parameters<typeof freshBackend>[0] = {}) {
  b = await freshBackend(options);
  return b;
}
const staffRef = (name: string): Promise<StaffRef> =>
  b.one<StaffRef>('SELECT id, name, role FROM staff WHERE name = ?', name);
const actAs = async (name: string | null) => {
  b.ctx.session!.staff = name === null ? null : await staffRef(name);
};
function refusal<T>(outcome: Outcome<T>) {
  expect(outcome.ok).toBe(false);
  return (outcome as { error: { code: string; message: string; details?: unknown } }).error;
}
function ok<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`refused: ${outcome.error.message}`);
  return outcome.value;
}
const failures = async () => (await b.one<{ n: number }>('SELECT count(*) AS n FROM pin_failures')).n;

describe('PINs', () => {
  it('are stored as salted scrypt hashes, never as the PIN', async () => {
    await backend();
    const rows = await b.all<{ name: string; pin_hash: string }>('SELECT name, pin_hash FROM staff ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(['Demo Admin', 'Morgan Manager', 'Casey Cashier']);
    for (const row of rows) {
      expect(row.pin_hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      expect(row.pin_hash).not.toMatch(/1234|2222|1111/);
    }
    const admin = rows[0]!.pin_hash;
    expect(await pinMatches('1234', admin)).toBe(true);
    expect(await pinMatches('1235', admin)).toBe(false);

    const saved = ok(await b.api.saveStaff({ name: 'Riley Stock', role: 'cashier', pin: '1234567' }));
    const hash = (await b.one<{ pin_hash: string }>('SELECT pin_hash FROM staff WHERE id = ?', saved.id)).pin_hash;
    expect(hash).not.toContain('1234567');
    expect(JSON.stringify(saved)).not.toMatch(/pin|scrypt/i);
    expect(JSON.stringify(ok(await b.api.listStaff({})))).not.toMatch(/scrypt|1234567/);
  });
});

describe('sign-in', () => {
  it('signs in by PIN alone, refuses a wrong one and counts it, and Lock signs out', async () => {
    await backend({ staff: null });
    expect(ok(await b.api.sessionInfo({}))).toEqual({ staff: null, needsSetup: false, lockedUntil: null });
    expect(refusal(await b.api.listInvoices({}))).toMatchObject({
      code: 'signed_out',
      message: 'Sign in with your PIN first.',
    });

    expect(refusal(await b.api.signIn({ pin: '9999' }))).toEqual({
      code: 'signed_out',
      message: 'That PIN is not right.',
    });
    expect(await failures()).toBe(1);
    expect(b.ctx.session!.staff).toBeNull();

    const info = ok(await b.api.signIn({ pin: '1111' }));
    expect(info.staff).toEqual(await staffRef('Casey Cashier'));
    expect(b.ctx.session!.staff).toEqual(await staffRef('Casey Cashier'));
    expect(ok(await b.api.sessionInfo({})).staff?.name).toBe('Casey Cashier');
    expect(ok(await b.api.listInvoices({})).total).toBe(0);

    expect(ok(await b.api.lock({})).staff).toBeNull();
    expect(refusal(await b.api.listInvoices({})).code).toBe('signed_out');
  });

  it('locks sign-in for a minute after five wrong PINs within a minute, even for a right PIN', async () => {
    await backend({ staff: null });
    for (let i = 0; i < 4; i++) expect(refusal(await b.api.signIn({ pin: '0000' })).code).toBe('signed_out');
    const fifth = refusal(await b.api.signIn({ pin: '0000' }));
    const until = new Date(FROZEN_NOW.getTime() + 60_000);
    expect(fifth).toMatchObject({ code: 'locked_out', details: { until: until.toISOString() } });
    expect(fifth.message).toMatch(/^Too many wrong PINs: sign-in is locked until \d\d:\d\d\.$/);
    expect(fifth.message).toContain(
      `${String(until.getHours()).padStart(2, '0')}:${String(until.getMinutes()).padStart(2, '0')}`,
    );

    expect(refusal(await b.api.signIn({ pin: '1234' })).code).toBe('locked_out');
    expect(b.ctx.session!.staff).toBeNull();
    expect(ok(await b.api.sessionInfo({})).lockedUntil).toBe(until.toISOString());
    expect(await failures()).toBe(5); // refused while locked: not even checked

    // A minute after the fifth, the right PIN signs in.
    const later = { ...b.ctx, now: () => new Date(FROZEN_NOW.getTime() + 60_001) };
    const outcome = (await dispatch(later, 'signIn', { pin: '1234' })) as Outcome<{ staff: StaffRef }>;
    expect(ok(outcome).staff.name).toBe('Demo Admin');
  });

  it('does not lock for five wrong PINs spread over more than a minute', async () => {
    await backend({ staff: null });
    for (let i = 0; i < 5; i++) {
      const at = { ...b.ctx, now: () => new Date(FROZEN_NOW.getTime() + i * 20_000) };
      expect(refusal((await dispatch(at, 'signIn', { pin: '0000' })) as Outcome<unknown>).code).toBe('signed_out');
    }
  });
});

describe('the first Admin', () => {
  it('is asked for on a store without staff, once', async () => {
    await backend({ demo: false, staff: null });
    expect(ok(await b.api.sessionInfo({}))).toEqual({ staff: null, needsSetup: true, lockedUntil: null });
    const info = ok(await b.api.setupFirstAdmin({ name: '  Pat Owner ', pin: '4321' }));
    expect(info).toMatchObject({ staff: { name: 'Pat Owner', role: 'admin' }, needsSetup: false });
    expect(b.ctx.session!.staff?.name).toBe('Pat Owner');

    expect(refusal(await b.api.setupFirstAdmin({ name: 'Mallory', pin: '5555' }))).toEqual({
      code: 'forbidden',
      message: 'This store already has staff: sign in with your PIN.',
    });
    expect((await b.one<{ n: number }>('SELECT count(*) AS n FROM staff')).n).toBe(1);
    expect(b.ctx.session!.staff?.name).toBe('Pat Owner');
  });
});

describe('staff', () => {
  it('needs a PIN for a new member, keeps it on an edit, and never shares one', async () => {
    await backend();
    expect(refusal(await b.api.saveStaff({ name: 'Riley', role: 'cashier' })).message).toBe(
      'A new staff member needs a PIN of 4 to 8 digits.',
    );
    expect(refusal(await b.api.saveStaff({ name: 'Riley', role: 'cashier', pin: '12a4' })).code).toBe('invalid_input');
    expect(refusal(await b.api.saveStaff({ name: 'Riley', role: 'cashier', pin: '2222' }))).toEqual({
      code: 'conflict',
      message: 'Another staff member already uses that PIN.',
    });
    expect(refusal(await b.api.saveStaff({ name: 'casey cashier', role: 'cashier', pin: '3333' })).message).toBe(
      'There is already a staff member named casey cashier.',
    );

    const riley = ok(await b.api.saveStaff({ name: 'Riley', role: 'cashier', pin: '3333' }));
    expect(riley).toMatchObject({ name: 'Riley', role: 'cashier', active: true });
    const renamed = ok(await b.api.saveStaff({ id: riley.id, name: 'Riley Stone', role: 'manager' }));
    expect(renamed).toMatchObject({ name: 'Riley Stone', role: 'manager' });
    expect(ok(await b.api.signIn({ pin: '3333' })).staff?.name).toBe('Riley Stone');
    // Changing one's own PIN to another's is refused too.
    await actAs('Demo Admin');
    expect(
      refusal(await b.api.saveStaff({ id: riley.id, name: 'Riley Stone', role: 'manager', pin: '1111' })).message,
    ).toBe('Another staff member already uses that PIN.');
    ok(await b.api.saveStaff({ id: riley.id, name: 'Riley Stone', role: 'manager', pin: '4444' }));
    expect(refusal(await b.api.signIn({ pin: '3333' })).code).toBe('signed_out');
    expect(ok(await b.api.signIn({ pin: '4444' })).staff?.name).toBe('Riley Stone');
  });

  it('keeps at least one active Admin', async () => {
    await backend();
    const admin = await staffRef('Demo Admin');
    const lastAdmin =
      'Demo Admin is the last active Admin: make someone else an Admin first, so Settings and staff can still be changed.';
    expect(refusal(await b.api.saveStaff({ id: admin.id, name: 'Demo Admin', role: 'manager' })).message).toBe(
      lastAdmin,
    );
    expect(
      refusal(await b.api.saveStaff({ id: admin.id, name: 'Demo Admin', role: 'admin', active: false })).message,
    ).toBe(lastAdmin);
    expect(await b.one('SELECT role, active FROM staff WHERE id = ?', admin.id)).toEqual({ role: 'admin', active: 1 });

    const morgan = await staffRef('Morgan Manager');
    ok(await b.api.saveStaff({ id: morgan.id, name: 'Morgan Manager', role: 'admin' }));
    expect(ok(await b.api.saveStaff({ id: admin.id, name: 'Demo Admin', role: 'admin', active: false })).active).toBe(
      false,
    );
    // An inactive member cannot sign in.
    expect(refusal(await b.api.signIn({ pin: '1234' })).code).toBe('signed_out');
  });

  it('editing the one signed in keeps the session in step', async () => {
    await backend({ staff: null });
    ok(await b.api.signIn({ pin: '1234' }));
    const morgan = await staffRef('Morgan Manager');
    ok(await b.api.saveStaff({ id: morgan.id, name: 'Morgan Manager', role: 'admin' }));
    const admin = await staffRef('Demo Admin');
    ok(await b.api.saveStaff({ id: admin.id, name: 'Demo Owner', role: 'manager' }));
    expect(b.ctx.session!.staff).toEqual({ id: admin.id, name: 'Demo Owner', role: 'manager' });
    expect(refusal(await b.api.listStaff({})).code).toBe('forbidden');
  });
});

describe('requireManager', () => {
  const check = (staff: StaffRef | null, pin: string | undefined) =>
    inWriteTransaction({ db: b.store.db, now: () => FROZEN_NOW, actor: staff?.name ?? 'script', staff }, (trx) =>
      requireManager(trx, pin, 'voiding INV-000009'),
    );
  const refused = (work: Promise<unknown>) =>
    work.then(
      () => {
        throw new Error('passed');
      },
      (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
    );

  it('passes a Manager or Admin, asks a Cashier for a manager PIN, and names the approver', async () => {
    await backend();
    const casey = await staffRef('Casey Cashier');
    expect(await check(await staffRef('Morgan Manager'), undefined)).toBe('Morgan Manager');
    expect(await check(await staffRef('Demo Admin'), undefined)).toBe('Demo Admin');
    expect(await check(null, undefined)).toBeNull(); // no staff session: the app itself (scripts, demo)

    expect(await refused(check(casey, undefined))).toEqual({
      code: 'needs_approval',
      message: 'Needs a manager: voiding INV-000009.',
    });
    expect(await failures()).toBe(0);
    // A cashier's own PIN is no manager's: refused, and it counts toward the lockout (written after the rollback).
    expect(await refused(check(casey, '1111'))).toEqual({
      code: 'needs_approval',
      message: 'That PIN is not a Manager’s or Admin’s.',
    });
    expect(await failures()).toBe(1);
    expect(await check(casey, '2222')).toBe('Morgan Manager');
    expect(await check(casey, '1234')).toBe('Demo Admin');
  });

  it('refuses approvals while sign-in is locked', async () => {
    await backend();
    const casey = await staffRef('Casey Cashier');
    for (let i = 0; i < 4; i++) expect((await refused(check(casey, '9999'))).code).toBe('needs_approval');
    expect((await refused(check(casey, '9999'))).code).toBe('locked_out');
    expect((await refused(check(casey, '2222'))).code).toBe('locked_out');
  });
});

describe('dispatch', () => {
  it('refuses everything but sign-in with nobody signed in, and Settings and staff to a non-Admin', async () => {
    await backend({ staff: null });
    expect(refusal(await b.api.getShopSettings({})).code).toBe('signed_out');
    expect(ok(await b.api.appInfo({})).shopName).toBe('Counter POS Demo Shop');

    await actAs('Morgan Manager');
    const shop = ok(await b.api.getShopSettings({}));
    expect(refusal(await b.api.saveShopSettings(shop))).toEqual({
      code: 'forbidden',
      message: 'Only an Admin can change Settings and staff; Morgan Manager is signed in as a Manager.',
    });
    expect(refusal(await b.api.listStaff({})).code).toBe('forbidden');
    await actAs('Casey Cashier');
    expect(refusal(await b.api.saveStaff({ name: 'Eve', role: 'admin', pin: '7777' })).code).toBe('forbidden');
    await actAs('Demo Admin');
    expect(ok(await b.api.saveShopSettings(shop)).name).toBe(shop.name);
  });
});

describe('approvals on commands', () => {
  it('a void needs a manager for a cashier, and records who voided and who approved', async () => {
    await backend();
    const ids = {
      laptop: (await b.one<{ id: number }>(`SELECT id FROM products WHERE sku = 'LAT-5440'`)).id,
      unit: (await b.one<{ id: number }>(`SELECT id FROM serials WHERE serial = 'DL5440-0001'`)).id,
      main: (await b.one<{ id: number }>(`SELECT id FROM locations WHERE name = 'Main Store'`)).id,
      acme: (await b.one<{ id: number }>(`SELECT id FROM customers WHERE name = 'Acme Corp'`)).id,
    };
    const inv = ok(
      await b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        lines: [
          {
            productId: ids.laptop,
            description: 'Latitude 5440 Laptop',
            qty: 1000,
            unitPriceMinor: 124_900,
            taxable: true,
            serialIds: [ids.unit],
          },
        ],
      }),
    );
    await actAs('Casey Cashier');
    const before = await tableCounts(b);
    expect(refusal(await b.api.voidInvoice({ id: inv.id }))).toMatchObject({
      code: 'needs_approval',
      message: `Needs a manager: voiding ${inv.number}.`,
    });
    expect(refusal(await b.api.voidInvoice({ id: inv.id, approvalPin: '1111' })).message).toBe(
      'That PIN is not a Manager’s or Admin’s.',
    );
    expect(await tableCounts(b)).toEqual(before);
    expect(await failures()).toBe(1);

    const voided = ok(await b.api.voidInvoice({ id: inv.id, approvalPin: '2222' }));
    expect(voided).toMatchObject({ status: 'void', voidedBy: 'Casey Cashier', voidApprovedBy: 'Morgan Manager' });
    expect(
      await b.one(`SELECT actor, note FROM serial_events WHERE serial_id = ? AND kind = 'voided'`, ids.unit),
    ).toEqual({
      actor: 'Casey Cashier',
      note: `${inv.number} voided (approved by Morgan Manager); back in stock at Main Store`,
    });

    // A manager voids alone and is named as both.
    await actAs('Morgan Manager');
    const second = ok(
      await b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        lines: [
          { productId: null, description: 'Setup', qty: 1000, unitPriceMinor: 5_000, taxable: false, serialIds: [] },
        ],
      }),
    );
    expect(ok(await b.api.voidInvoice({ id: second.id }))).toMatchObject({
      voidedBy: 'Morgan Manager',
      voidApprovedBy: 'Morgan Manager',
    });
  });

  it('cancelling a purchase order needs a manager for a cashier; submitting does not', async () => {
    await backend();
    const po = ok(
      await b.api.savePurchaseOrder({
        vendorId: (await b.one<{ id: number }>(`SELECT id FROM vendors WHERE name = 'Northwind Distribution'`)).id,
        locationId: (await b.one<{ id: number }>(`SELECT id FROM locations WHERE name = 'Main Store'`)).id,
        lines: [
          {
            productId: (await b.one<{ id: number }>(`SELECT id FROM products WHERE sku = 'USBC-2M'`)).id,
            qty: 10,
            unitCostMinor: 450,
          },
        ],
      }),
    );
    await actAs('Casey Cashier');
    expect(ok(await b.api.setPurchaseOrderStatus({ id: po.id, action: 'submit' })).status).toBe('submitted');
    expect(refusal(await b.api.setPurchaseOrderStatus({ id: po.id, action: 'cancel' }))).toMatchObject({
      code: 'needs_approval',
      message: `Needs a manager: cancelling ${po.number}.`,
    });
    expect(ok(await b.api.setPurchaseOrderStatus({ id: po.id, action: 'cancel', approvalPin: '1234' })).status).toBe(
      'cancelled',
    );
  });
});
