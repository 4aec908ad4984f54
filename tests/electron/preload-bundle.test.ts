// The sandboxed preload carries only the method names (core/methods.ts) and the IPC calls: no zod,
// no schemas. Built here with the same esbuild options as the app (scripts/bundles.ts).
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { methodNames } from '../../core/methods.ts';
import { mainProcessBundles } from '../../scripts/bundles.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('the preload bundle', () => {
  it('stays under 50 KB, names every method and bundles no zod', async () => {
    const options = mainProcessBundles(root).find((o) => String(o.outfile).endsWith('preload.cjs'))!;
    const result = await build({
      ...options,
      outfile: undefined,
      outdir: undefined,
      write: false,
      sourcemap: false,
      metafile: true,
    });
    const [file] = result.outputFiles;
    expect(file!.contents.byteLength).toBeLessThan(50 * 1024);
    const text = file!.text;
    for (const m of methodNames) expect(text).toContain(m);
    expect(Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules/zod'))).toEqual([]);
  });
});
