// The package check (scripts/package-check.ts): the app built and packed by electron-builder for Linux `--dir`
// against a stand-in Electron, in a temp folder, then app.asar, app.asar.unpacked, the binary's fuses and the
// updater's app-update.yml read back. Each property is its own test so a failure names what went wrong.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPackage,
  CHECK_UPDATE_URL,
  devDependencyNames,
  type PackageFacts,
  SIZE_LIMIT_BYTES,
  targetNativeBinary,
} from '../../scripts/package-check.ts';

let facts: PackageFacts;

beforeAll(async () => {
  facts = await buildPackage();
}, 180_000);

afterAll(() => {
  if (facts) fs.rmSync(facts.workDir, { recursive: true, force: true });
});

describe('the packed app (electron-builder --linux --dir, stand-in Electron)', () => {
  it('holds the built main process, preload, renderer and package.json in app.asar', () => {
    for (const file of ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html']) {
      expect(facts.asarFiles, `app.asar lacks ${file}`).toContain(file);
    }
    expect(
      facts.asarFiles.some((file) => /^dist\/renderer\/assets\/.+\.js$/.test(file)),
      'app.asar lacks the renderer script',
    ).toBe(true);
    expect(facts.asarFiles, 'app.asar lacks package.json').toContain('package.json');
  });

  it("unpacks better-sqlite3's binary for this platform and ships nothing else of its sources or prebuilds", () => {
    expect(facts.unpackedFiles, `app.asar.unpacked lacks ${targetNativeBinary()}`).toContain(targetNativeBinary());
    expect(facts.unpackedFiles, 'app.asar.unpacked holds more than the native binary').toEqual([targetNativeBinary()]);
    const extra = facts.asarFiles.filter(
      (file) =>
        file.startsWith('node_modules/better-sqlite3/') &&
        file !== targetNativeBinary() &&
        !/^node_modules\/better-sqlite3\/(package\.json|LICENSE|lib\/.+\.js)$/.test(file),
    );
    expect(extra, 'better-sqlite3 files beyond package.json, LICENSE, lib/ and the target binary').toEqual([]);
  });

  it('ships no sources, source maps or tests', () => {
    const sources = facts.asarFiles.filter((file) => /\.(tsx?|map)$/.test(file) && !file.endsWith('.d.ts'));
    expect(sources, 'TypeScript sources or source maps in app.asar').toEqual([]);
    const tests = facts.asarFiles.filter((file) => /(^|\/)(tests?|__tests__)\/|\.test\.[cm]?[jt]sx?$/.test(file));
    expect(tests, 'tests in app.asar').toEqual([]);
  });

  it('ships no dev dependencies, and every module the bundles require is packed', () => {
    const packedModules = new Set(
      facts.asarFiles.flatMap((file) => {
        const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
        return match ? [match[1]!] : [];
      }),
    );
    const devPacked = devDependencyNames().filter((name) => packedModules.has(name));
    expect(devPacked, 'dev dependencies in app.asar').toEqual([]);
    for (const name of ['react', 'vite', 'vitest', 'typescript', 'electron']) {
      expect(packedModules.has(name), `${name} is in app.asar`).toBe(false);
    }
    const missing = facts.runtimeRequires.filter((name) => !packedModules.has(name));
    expect(missing, 'modules main.cjs or a worker require() that app.asar lacks').toEqual([]);
  });

  it(`stays under ${SIZE_LIMIT_BYTES / 1024 / 1024} MB (app.asar plus app.asar.unpacked)`, () => {
    const total = facts.asarBytes + facts.unpackedBytes;
    expect(total, `app.asar ${facts.asarBytes} + unpacked ${facts.unpackedBytes} bytes = ${total}`).toBeLessThanOrEqual(
      SIZE_LIMIT_BYTES,
    );
  });

  it("has the fuses build/electron-builder.json's electronFuses sets, read back from the packed binary", () => {
    expect(Object.keys(facts.expectedFuses).length, 'electronFuses is configured').toBeGreaterThan(0);
    expect(facts.fuses, 'fuse states in the packed binary').toEqual(facts.expectedFuses);
  });

  it("writes the updater's app-update.yml: the generic provider at the URL given at build time", () => {
    expect(facts.appUpdateYml, 'resources/app-update.yml').not.toBeNull();
    expect(facts.appUpdateYml).toMatch(/^provider: generic$/m);
    expect(facts.appUpdateYml).toContain(`url: ${CHECK_UPDATE_URL}`);
  });
});
