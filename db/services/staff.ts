// Staff, PINs and approvals. A PIN is kept only as a salted scrypt hash; since two staff never share a PIN, the PIN
// alone says who signs in. Wrong PINs (sign-in or approval) are recorded: five within a minute lock sign-in and
// approvals for a minute from the fifth. A PIN is never logged, returned or put in an error.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError } from '../../core/errors.ts';
import type { SessionInfo, StaffMember, StaffRef, StaffRole } from '../../core/model.ts';
import { sql } from 'kysely';
import { equalsNoCase, noCase } from '../dialect.ts';
import { isWriteCtx, iso, type ReadCtx, type WriteCtx } from './context.ts';

// scrypt's cost: ~30–50 ms a hash on a counter PC, 16 MB of memory (128 × N × r).
const COST = { N: 16_384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 60_000;
export const LOCKOUT_MS = 60_000;

export const WRONG_PIN = 'That PIN is not right.';
export const NOT_A_MANAGER_PIN = 'That PIN is not a Manager’s or Admin’s.';

function derive(pin: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, keyBytes, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** The stored form of a PIN: scrypt$N$r$p$salt$hash (salt and hash in base64). */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(pin, salt, KEY_BYTES, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether the PIN is the one hashed (in constant time); false for a hash in an unknown form. */
export async function pinMatches(pin: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const options = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Object.values(options).every((v) => Number.isInteger(v) && v > 0) || expected.length === 0) return false;
  const key = await derive(pin, Buffer.from(salt, 'base64'), expected.length, options);
  return timingSafeEqual(key, expected);
}

type StaffRow = { id: number; name: string; role: StaffRole; pin_hash: string };

/** The active staff member whose PIN this is (all hashes are tried, in parallel), or null. */
async function staffByPin(ctx: ReadCtx, pin: string, roles?: readonly StaffRole[]): Promise<StaffRow | null> {
  let query = ctx.db.selectFrom('staff').select(['id', 'name', 'role', 'pin_hash']).where('active', '=', 1);
  if (roles) query = query.where('role', 'in', roles);
  const rows = await query.execute();
  const matches = await Promise.all(rows.map((row) => pinMatches(pin, row.pin_hash)));
  return rows.find((_, i) => matches[i]) ?? null;
}

const toRef = (row: Pick<StaffRow, 'id' | 'name' | 'role'>): StaffRef => ({
  id: row.id,
  name: row.name,
  role: row.role,
});

// ---- Lockout ----

/** Until when sign-in is locked (five wrong PINs within a minute lock it for a minute from the fifth), or null. */
export async function lockedUntil(ctx: ReadCtx): Promise<Date | null> {
  const now = ctx.now().getTime();
  const since = iso(new Date(now - LOCKOUT_WINDOW_MS - LOCKOUT_MS));
  const rows = await ctx.db.selectFrom('pin_failures').select('at').where('at', '>=', since).orderBy('at').execute();
  return lockEnd(
    rows.map((r) => Date.parse(r.at)),
    now,
  );
}

/** The end of the latest lock that is still on, for failure times in order. */
function lockEnd(times: readonly number[], now: number): Date | null {
  for (let i = times.length - 1; i >= LOCKOUT_FAILURES - 1; i--) {
    const fifth = times[i]!;
    if (fifth - times[i - LOCKOUT_FAILURES + 1]! <= LOCKOUT_WINDOW_MS && fifth + LOCKOUT_MS > now) {
      return new Date(fifth + LOCKOUT_MS);
    }
  }
  return null;
}

const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

function lockedOut(until: Date): AppError {
  return new AppError('locked_out', `Too many wrong PINs: sign-in is locked until ${hhmm(until)}.`, {
    until: iso(until),
  });
}

async function refuseWhileLocked(ctx: ReadCtx): Promise<void> {
  const until = await lockedUntil(ctx);
  if (until) throw lockedOut(until);
}

/**
 * Records a wrong PIN and returns the refusal to throw: `wrong`, or locked_out when this is the fifth within a
 * minute. The command is refused, so inside a transaction the record is written after its rollback.
 */
async function wrongPin(ctx: ReadCtx, wrong: AppError): Promise<AppError> {
  const at = ctx.now();
  const record = async (db: ReadCtx['db']) => {
    await db
      .insertInto('pin_failures')
      .values({ at: iso(at) })
      .execute();
    // Old failures say nothing any more.
    await db
      .deleteFrom('pin_failures')
      .where('at', '<', iso(new Date(at.getTime() - 24 * 3_600_000)))
      .execute();
  };
  const since = iso(new Date(at.getTime() - LOCKOUT_WINDOW_MS));
  const recent = await ctx.db.selectFrom('pin_failures').select('at').where('at', '>=', since).orderBy('at').execute();
  if (isWriteCtx(ctx)) ctx.afterRollback(record);
  else await record(ctx.db);
  const until = lockEnd([...recent.map((r) => Date.parse(r.at)), at.getTime()], at.getTime());
  return until ? lockedOut(until) : wrong;
}

// ---- Sign-in ----

/** Whether the store has any active staff (none: the first Admin is asked for) and whether sign-in is locked. */
export async function sessionState(ctx: ReadCtx): Promise<Omit<SessionInfo, 'staff'>> {
  const [any, until] = await Promise.all([
    ctx.db.selectFrom('staff').select('id').where('active', '=', 1).limit(1).executeTakeFirst(),
    lockedUntil(ctx),
  ]);
  return { needsSetup: any === undefined, lockedUntil: until ? iso(until) : null };
}

/** Who this PIN belongs to. A wrong PIN is recorded; while sign-in is locked, even a right one is refused. */
export async function signIn(ctx: ReadCtx, pin: string): Promise<StaffRef> {
  await refuseWhileLocked(ctx);
  const row = /^\d{4,8}$/.test(pin) ? await staffByPin(ctx, pin) : null;
  if (!row) throw await wrongPin(ctx, new AppError('signed_out', WRONG_PIN));
  return toRef(row);
}

/** The first Admin of a store without staff; refused once the store has staff. */
export async function setupFirstAdmin(ctx: WriteCtx, name: string, pin: string): Promise<StaffRef> {
  const { needsSetup } = await sessionState(ctx);
  if (!needsSetup) throw new AppError('forbidden', 'This store already has staff: sign in with your PIN.');
  return createStaff(ctx, { name, role: 'admin', pin, active: true });
}

// ---- Approvals ----

/**
 * A command only a Manager or Admin may do (a void, a discount above the limit, a price below cost, a late return,
 * opening the drawer, cancelling a purchase order). Passes when the one signed in is a Manager or Admin, or when
 * approvalPin is an active Manager's or Admin's PIN; returns the approver's name (null: no staff session, the app
 * itself). Otherwise refuses with needs_approval, naming the action ("Needs a manager: voiding INV-000001."); a wrong
 * PIN counts toward the lockout.
 */
export async function requireManager(
  ctx: ReadCtx,
  approvalPin: string | undefined,
  action: string,
): Promise<string | null> {
  const staff = ctx.staff;
  if (!staff) return null;
  if (staff.role === 'manager' || staff.role === 'admin') return staff.name;
  const details = { role: 'manager', action };
  if (approvalPin === undefined) throw new AppError('needs_approval', `Needs a manager: ${action}.`, details);
  await refuseWhileLocked(ctx);
  const approver = /^\d{4,8}$/.test(approvalPin) ? await staffByPin(ctx, approvalPin, ['manager', 'admin']) : null;
  if (!approver) throw await wrongPin(ctx, new AppError('needs_approval', NOT_A_MANAGER_PIN, details));
  return approver.name;
}

// ---- Staff (Settings → Staff, Admin only) ----

export async function listStaff(ctx: ReadCtx): Promise<StaffMember[]> {
  const rows = await ctx.db
    .selectFrom('staff')
    .select(['id', 'name', 'role', 'active', 'created_at'])
    .orderBy('active', 'desc')
    .orderBy(noCase(ctx.db, sql.ref('name')))
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, active: r.active === 1, createdAt: r.created_at }));
}

export interface StaffInput {
  id?: number;
  name: string;
  role: StaffRole;
  pin?: string;
  active: boolean;
}

/** Adds a member (a PIN is required) or edits one (the PIN is kept unless one is given). */
export async function saveStaff(ctx: WriteCtx, input: StaffInput): Promise<StaffMember> {
  const saved = input.id === undefined ? await createStaff(ctx, input) : await updateStaff(ctx, input, input.id);
  const member = (await listStaff(ctx)).find((m) => m.id === saved.id);
  if (!member) throw new AppError('internal', 'The staff member was not saved.');
  return member;
}

async function createStaff(ctx: WriteCtx, input: StaffInput): Promise<StaffRef> {
  if (input.pin === undefined) throw new AppError('invalid_input', 'A new staff member needs a PIN of 4 to 8 digits.');
  const name = input.name.trim();
  await refuseTakenName(ctx, name, null);
  const pinHash = await newPinHash(ctx, input.pin, null);
  const at = iso(ctx.now());
  const row = await ctx.db
    .insertInto('staff')
    .values({
      name,
      role: input.role,
      pin_hash: pinHash,
      active: input.active ? 1 : 0,
      created_at: at,
      updated_at: at,
    })
    .returning(['id', 'name', 'role'])
    .executeTakeFirstOrThrow();
  return toRef(row);
}

async function updateStaff(ctx: WriteCtx, input: StaffInput, id: number): Promise<StaffRef> {
  const before = await ctx.db
    .selectFrom('staff')
    .select(['id', 'role', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!before) throw new AppError('not_found', 'That staff member no longer exists.');
  const name = input.name.trim();
  await refuseTakenName(ctx, name, id);
  const pinHash = input.pin === undefined ? undefined : await newPinHash(ctx, input.pin, id);
  await ctx.db
    .updateTable('staff')
    .set({
      name,
      role: input.role,
      active: input.active ? 1 : 0,
      ...(pinHash ? { pin_hash: pinHash } : {}),
      updated_at: iso(ctx.now()),
    })
    .where('id', '=', id)
    .execute();
  if (before.role === 'admin' && before.active === 1 && (input.role !== 'admin' || !input.active)) {
    const admins = await ctx.db
      .selectFrom('staff')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('active', '=', 1)
      .executeTakeFirstOrThrow();
    if (Number(admins.n) === 0) {
      throw new AppError(
        'conflict',
        `${name} is the last active Admin: make someone else an Admin first, so Settings and staff can still be changed.`,
      );
    }
  }
  return { id, name, role: input.role };
}

async function refuseTakenName(ctx: ReadCtx, name: string, id: number | null): Promise<void> {
  // Names compare without case, as the staff table's unique index does.
  let query = ctx.db
    .selectFrom('staff')
    .select('id')
    .where(equalsNoCase(ctx.db, sql.ref('name'), name));
  if (id !== null) query = query.where('id', '<>', id);
  if (await query.executeTakeFirst()) throw new AppError('conflict', `There is already a staff member named ${name}.`);
}

/** The hash of a new PIN, refused when another member (active or not) already uses it. */
async function newPinHash(ctx: ReadCtx, pin: string, id: number | null): Promise<string> {
  if (!/^\d{4,8}$/.test(pin)) throw new AppError('invalid_input', 'A PIN is 4 to 8 digits.');
  let query = ctx.db.selectFrom('staff').select('pin_hash');
  if (id !== null) query = query.where('id', '<>', id);
  const others = await query.execute();
  const taken = await Promise.all(others.map((o) => pinMatches(pin, o.pin_hash)));
  if (taken.some(Boolean)) throw new AppError('conflict', 'Another staff member already uses that PIN.');
  return hashPin(pin);
}
