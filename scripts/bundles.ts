// The main process's esbuild bundles (dist/electron), listed once for scripts/build.ts and the tests
// that run the bundled import and move workers.
import path from 'node:path';
import type { BuildOptions } from 'esbuild';

export function mainProcessBundles(root: string, outdir = path.join(root, 'dist/electron')): BuildOptions[] {
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    sourcemap: true,
    logLevel: 'warning',
    define: { 'import.meta.dirname': '__dirname' },
  };
  return [
    // better-sqlite3 stays external: its prebuilt N-API binary is loaded from node_modules at run time.
    {
      ...common,
      entryPoints: [path.join(root, 'electron/main.ts')],
      outfile: path.join(outdir, 'main.cjs'),
      external: ['electron', 'better-sqlite3'],
    },
    // The import job's thread, beside main.cjs: imports.ts looks for importWorker.cjs next to itself (the bundle).
    {
      ...common,
      entryPoints: [path.join(root, 'db/services/importWorker.ts')],
      outfile: path.join(outdir, 'importWorker.cjs'),
      external: ['better-sqlite3'],
    },
    // The export job's thread, beside main.cjs: exports.ts looks for exportWorker.cjs next to itself (the bundle).
    {
      ...common,
      entryPoints: [path.join(root, 'db/services/exportWorker.ts')],
      outfile: path.join(outdir, 'exportWorker.cjs'),
      external: ['better-sqlite3'],
    },
    // Move to server's thread, beside main.cjs: db/moveJob.ts looks for moveWorker.cjs next to itself (the bundle).
    {
      ...common,
      entryPoints: [path.join(root, 'db/moveWorker.ts')],
      outfile: path.join(outdir, 'moveWorker.cjs'),
      external: ['better-sqlite3'],
    },
    // The sandboxed preload cannot require anything but electron: bundle it whole.
    {
      ...common,
      entryPoints: [path.join(root, 'electron/preload.ts')],
      outfile: path.join(outdir, 'preload.cjs'),
      external: ['electron'],
    },
  ];
}
