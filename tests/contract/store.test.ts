// Settings → Store's calls through the real dispatch, on either store (the node project: SQLite; the postgres project:
// a database on the tests' server): Admin only, their inputs checked, storeInfo naming the store open now, and the
// refusals that write nothing anywhere (no host to keep a choice; nothing to move from the shop server or memory).
import { describe, expect, it } from 'vitest';
import { storeServerUrl } from '../../core/storeServer.ts';
import { dispatch } from '../../electron/dispatch.ts';
import { freshDemoPerTest, onPostgres, type Backend } from '../support/backend.ts';

let b: Backend;
freshDemoPerTest((backend) => {
  b = backend;
});

const aServer = { host: '127.0.0.1', port: 1, database: 'shop', user: 'pos', password: 'pw', tls: false };

describe('Settings → Store calls', () => {
  it('storeInfo names the store open now and this counter’s register; no host keeps a choice here', async () => {
    expect(await b.api.storeInfo({})).toEqual({
      ok: true,
      value: {
        kind: onPostgres ? 'postgres' : 'sqlite',
        location: b.ctx.host.dataFile,
        register: 'Main',
        next: null,
        canSaveChoice: false,
      },
    });
    if (onPostgres) expect(b.ctx.host.dataFile).toMatch(/^postgres:\/\/pos:\*\*\*@127\.0\.0\.1:\d+\//);
  });

  it.each(['storeInfo', 'testStoreConnection', 'saveStoreChoice', 'moveStoreToServer'] as const)(
    '%s is an Admin’s: a Manager is refused',
    async (method) => {
      const ctx = { ...b.ctx, session: { staff: { id: 9, name: 'Morgan Manager', role: 'manager' as const } } };
      const input = method === 'storeInfo' ? {} : method === 'saveStoreChoice' ? { kind: 'sqlite' } : aServer;
      expect(await dispatch(ctx, method, input)).toEqual({
        ok: false,
        error: {
          code: 'forbidden',
          message: 'Only an Admin can change Settings and staff; Morgan Manager is signed in as a Manager.',
        },
      });
    },
  );

  it.each([
    [{ ...aServer, host: '' }, /Enter the server/],
    [{ ...aServer, host: 'shop server; rm' }, /host name or IP address/],
    [{ ...aServer, port: 70_000 }, /port from 1 to 65535/],
    [{ ...aServer, database: ' ' }, /Enter the database name/],
    [{ ...aServer, user: '' }, /Enter the user name/],
    [{ ...aServer, password: 'a\u0000b' }, /password/],
  ])('refuses malformed server fields: %o', async (input, message) => {
    const outcome = await dispatch(b.ctx, 'testStoreConnection', input);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_input', message } });
  });

  it('saveStoreChoice without a host that keeps it (browser mode): refused, naming the command to use', async () => {
    expect(await b.api.saveStoreChoice({ kind: 'sqlite' })).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message: expect.stringContaining('npm run web -- --db postgres://user@host:port/db (or set COUNTER_POS_DB'),
      },
    });
  });

  it('moveStoreToServer: nothing to move from the shop server or from memory', async () => {
    const outcome = await b.api.moveStoreToServer(aServer);
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message: onPostgres
          ? `This counter already works on the shop server (${b.ctx.host.dataFile}): there is no data file here to move. Nothing was copied.`
          : 'This store is kept in memory, not in a file: there is nothing to move. Nothing was copied.',
      },
    });
  });

  it('builds the server URL in one place: user and password encoded, TLS as sslmode=require, IPv6 in brackets', () => {
    expect(
      storeServerUrl({
        host: 'db.shop.lan',
        port: 5433,
        database: 'shop',
        user: 'till 1',
        password: 'p@ss/w:rd',
        tls: true,
      }),
    ).toBe('postgres://till%201:p%40ss%2Fw%3Ard@db.shop.lan:5433/shop?sslmode=require&uselibpqcompat=true');
    expect(storeServerUrl({ host: '::1', port: 5432, database: 'shop', user: 'pos', password: '', tls: false })).toBe(
      'postgres://pos@[::1]:5432/shop',
    );
    const url = new URL(storeServerUrl({ ...aServer, password: 'p@ss/w:rd' }));
    expect(decodeURIComponent(url.password)).toBe('p@ss/w:rd');
  });
});
