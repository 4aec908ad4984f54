// Builds the renderer (vite) and, unless --renderer, the Electron main process and preload (esbuild).
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const rendererOnly = process.argv.includes('--renderer');

await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });

if (!rendererOnly) {
  const common = {
    bundle: true,
    platform: 'node' as const,
    format: 'cjs' as const,
    target: 'node22',
    sourcemap: true,
    logLevel: 'warning' as const,
    define: { 'import.meta.dirname': '__dirname' },
  };
  // better-sqlite3 stays external: its prebuilt N-API binary is loaded from node_modules at run time.
  await esbuild({ ...common, entryPoints: [path.join(root, 'electron/main.ts')], outfile: path.join(root, 'dist/electron/main.cjs'), external: ['electron', 'better-sqlite3'] });
  // The sandboxed preload cannot require anything but electron: bundle it whole.
  await esbuild({ ...common, entryPoints: [path.join(root, 'electron/preload.ts')], outfile: path.join(root, 'dist/electron/preload.cjs'), external: ['electron'] });
}
console.log(rendererOnly ? 'Built the renderer (dist/renderer).' : 'Built the renderer and the Electron main process (dist/).');
