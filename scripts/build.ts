// Builds the renderer (vite) and, unless --renderer, the Electron main process, its import worker and the preload
// (esbuild).
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { mainProcessBundles } from './bundles.ts';

const root = path.resolve(import.meta.dirname, '..');
const rendererOnly = process.argv.includes('--renderer');

await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });

if (!rendererOnly) {
  for (const options of mainProcessBundles(root)) await esbuild(options);
}
console.log(
  rendererOnly ? 'Built the renderer (dist/renderer).' : 'Built the renderer and the Electron main process (dist/).',
);
