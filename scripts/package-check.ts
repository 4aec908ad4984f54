// `npm run package-check`: builds the app into a temp folder, packs it with electron-builder for Linux `--dir` against
// a stand-in Electron (no download, no real runtime needed), and reports what went into the package: the app.asar
// listing, the unpacked native files, sizes, the fuses read back from the binary and the updater's app-update.yml.
// tests/package/package-check.test.ts asserts each property; run directly, it prints the problems and exits 1 on any.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import asar from '@electron/asar';
import fuses from '@electron/fuses';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { mainProcessBundles } from './bundles.ts';

const root = path.resolve(import.meta.dirname, '..');
const builderConfigPath = path.join(root, 'build', 'electron-builder.json');

/** The update URL the check builds with: any URL will do, it only has to reach resources/app-update.yml. */
export const CHECK_UPDATE_URL = 'https://updates.example.invalid/counter-pos/';

/** The largest app.asar plus app.asar.unpacked we accept: measured 2026-11 at 10.7 MB (8.5 MB of bundles, 2.2 MB
 * for the SQLite binary); about twice that. All of better-sqlite3 alone used to be 27 MB. */
export const SIZE_LIMIT_BYTES = 24 * 1024 * 1024;

/** Modules the bundles name but only load on request: pg's optional native client (never used by the app). */
const OPTIONAL_REQUIRES = new Set(['pg-native']);

// The wire Electron ships with (its defaults, '1' enabled / '0' disabled), in @electron/fuses' V1 order, so that a
// fuse electron-builder fails to flip shows up as still at Electron's default.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DEFAULT_WIRE = '10110001';

export interface PackageFacts {
  workDir: string;
  appDir: string;
  /** Paths inside app.asar, without the leading slash. */
  asarFiles: string[];
  /** Paths under app.asar.unpacked. */
  unpackedFiles: string[];
  asarBytes: number;
  unpackedBytes: number;
  /** Fuse name (electron-builder's electronFuses key) → true/false as read from the packed binary. */
  fuses: Record<string, boolean | 'unknown'>;
  /** electronFuses from build/electron-builder.json. */
  expectedFuses: Record<string, boolean>;
  appUpdateYml: string | null;
  /** Bare module names the packed main-process bundles require() at run time (builtins and electron left out). */
  runtimeRequires: string[];
  builderOutput: string;
}

function readBuilderConfig(): { electronFuses: Record<string, boolean> } {
  return JSON.parse(fs.readFileSync(builderConfigPath, 'utf8')) as { electronFuses: Record<string, boolean> };
}

/** A folder shaped like Electron's linux zip: what electron-builder copies, renames and flips fuses in. */
function makeStandInElectron(dir: string): void {
  const version = (
    JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'locales'), { recursive: true });
  const binary = Buffer.concat([
    Buffer.from(
      '#!/bin/sh\n# Stand-in for the Electron binary (scripts/package-check.ts); it only carries the fuses.\n',
    ),
    Buffer.from('exit 1\n'),
    Buffer.from(SENTINEL),
    Buffer.from([1, DEFAULT_WIRE.length]),
    Buffer.from(DEFAULT_WIRE),
  ]);
  fs.writeFileSync(path.join(dir, 'electron'), binary, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'version'), version);
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'Electron stand-in licence\n');
  fs.writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<html></html>\n');
  for (const file of ['resources.pak', 'chrome_100_percent.pak', 'chrome_200_percent.pak', 'icudtl.dat']) {
    fs.writeFileSync(path.join(dir, file), '');
  }
  fs.writeFileSync(path.join(dir, 'locales', 'en-US.pak'), '');
}

/** The app as electron-builder's project folder sees it, built into `stage` so the repo's dist/ is left alone. */
async function buildApp(stage: string): Promise<void> {
  fs.mkdirSync(stage, { recursive: true });
  for (const file of ['package.json', 'package-lock.json'])
    fs.copyFileSync(path.join(root, file), path.join(stage, file));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
  fs.symlinkSync(path.join(root, 'build'), path.join(stage, 'build'), 'dir');
  await viteBuild({
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: path.join(stage, 'dist', 'renderer'), emptyOutDir: true },
  });
  for (const options of mainProcessBundles(root, path.join(stage, 'dist', 'electron'))) await esbuild(options);
}

function filesUnder(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(path.join(dir, entry.name), rel) : [rel];
  });
}

function bytesUnder(dir: string): number {
  return filesUnder(dir).reduce((sum, rel) => sum + fs.statSync(path.join(dir, rel)).size, 0);
}

interface AsarNode {
  files?: Record<string, AsarNode>;
}

/** Files (not folders) inside app.asar, from its header. */
function asarFileList(asarPath: string): string[] {
  const walk = (node: AsarNode, prefix: string): string[] =>
    Object.entries(node.files ?? {}).flatMap(([name, child]) => {
      const rel = prefix ? `${prefix}/${name}` : name;
      return child.files ? walk(child, rel) : [rel];
    });
  return walk(asar.getRawHeader(asarPath).header as AsarNode, '');
}

/** What the packed bundles load from node_modules: esbuild leaves those requires as plain require("name"). */
function bundleRequires(asarPath: string, files: string[]): string[] {
  const names = new Set<string>();
  for (const file of files.filter((f) => /^dist\/electron\/[^/]+\.cjs$/.test(f))) {
    const code = asar.extractFile(asarPath, file).toString('utf8');
    for (const match of code.matchAll(/\brequire\("([^"./][^"]*)"\)/g)) {
      const name = match[1]!.startsWith('@') ? match[1]!.split('/').slice(0, 2).join('/') : match[1]!.split('/')[0]!;
      if (name !== 'electron' && !isBuiltin(name) && !OPTIONAL_REQUIRES.has(name)) names.add(name);
    }
  }
  return [...names].sort();
}

/** electronFuses keys are FuseV1Options names with a lower-case first letter. */
function readFuses(binary: string, expected: Record<string, boolean>): Promise<Record<string, boolean | 'unknown'>> {
  return fuses.getCurrentFuseWire(binary).then((wire) => {
    const states = wire as unknown as Record<number, number>;
    const result: Record<string, boolean | 'unknown'> = {};
    for (const key of Object.keys(expected)) {
      const index = fuses.FuseV1Options[(key[0]!.toUpperCase() + key.slice(1)) as keyof typeof fuses.FuseV1Options];
      const state = index === undefined ? undefined : states[index];
      result[key] = state === 49 ? true : state === 48 ? false : 'unknown';
    }
    return result;
  });
}

/** Builds and packs into a fresh temp folder; the caller removes `workDir` when done. */
export async function buildPackage(): Promise<PackageFacts> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-pos-package-'));
  const stage = path.join(workDir, 'app');
  const electronDist = path.join(workDir, 'electron-dist');
  const output = path.join(workDir, 'out');
  makeStandInElectron(electronDist);
  await buildApp(stage);

  const run = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'dir',
      `--${process.arch}`,
      '--projectDir',
      stage,
      '--config',
      builderConfigPath,
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
    ],
    {
      cwd: stage,
      encoding: 'utf8',
      env: { ...process.env, COUNTER_POS_UPDATE_URL: CHECK_UPDATE_URL, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
    },
  );
  const builderOutput = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) throw new Error(`electron-builder failed (exit ${run.status}):\n${builderOutput}`);

  const appDir = path.join(output, process.arch === 'x64' ? 'linux-unpacked' : `linux-${process.arch}-unpacked`);
  const resources = path.join(appDir, 'resources');
  const asarPath = path.join(resources, 'app.asar');
  if (!fs.existsSync(asarPath)) throw new Error(`No app.asar at ${asarPath}:\n${builderOutput}`);
  const binary = fs
    .readdirSync(appDir)
    .map((name) => path.join(appDir, name))
    .find((file) => fs.statSync(file).isFile() && fs.readFileSync(file).includes(SENTINEL));
  if (!binary) throw new Error(`No executable with Electron's fuse wire in ${appDir}`);

  const expectedFuses = readBuilderConfig().electronFuses;
  const updateYml = path.join(resources, 'app-update.yml');
  const asarFiles = asarFileList(asarPath);
  return {
    workDir,
    appDir,
    asarFiles,
    unpackedFiles: filesUnder(path.join(resources, 'app.asar.unpacked')),
    asarBytes: fs.statSync(asarPath).size,
    unpackedBytes: bytesUnder(path.join(resources, 'app.asar.unpacked')),
    fuses: await readFuses(binary, expectedFuses),
    expectedFuses,
    appUpdateYml: fs.existsSync(updateYml) ? fs.readFileSync(updateYml, 'utf8') : null,
    runtimeRequires: bundleRequires(asarPath, asarFiles),
    builderOutput,
  };
}

/** The native binary better-sqlite3 loads on the machine the check runs on (lib/binding.js's prebuild name). */
export function targetNativeBinary(): string {
  return `node_modules/better-sqlite3/prebuilds/linux-${process.arch}.node`;
}

/** Dev dependencies that must never be packed; any package.json devDependency found in the asar is reported too. */
export function devDependencyNames(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  return Object.keys(pkg.devDependencies);
}

/** Every problem with the package, in words; empty when it is right. */
export function packageProblems(facts: PackageFacts): string[] {
  const problems: string[] = [];
  const inAsar = new Set(facts.asarFiles);
  for (const file of [
    'dist/electron/main.cjs',
    'dist/electron/preload.cjs',
    'dist/renderer/index.html',
    'package.json',
  ]) {
    if (!inAsar.has(file)) problems.push(`app.asar lacks ${file}`);
  }
  const native = targetNativeBinary();
  if (!facts.unpackedFiles.includes(native)) problems.push(`app.asar.unpacked lacks ${native}`);
  const otherSqlite = facts.unpackedFiles
    .concat(facts.asarFiles)
    .filter((file) => file.startsWith('node_modules/better-sqlite3/'))
    .filter(
      (file) => file !== native && !/^node_modules\/better-sqlite3\/(package\.json|LICENSE|lib\/.+\.js)$/.test(file),
    );
  if (otherSqlite.length) problems.push(`better-sqlite3 ships more than its target binary: ${otherSqlite.join(', ')}`);
  const sources = facts.asarFiles.filter((file) => /\.(tsx?|map)$/.test(file) && !file.endsWith('.d.ts'));
  if (sources.length) problems.push(`app.asar holds sources or source maps: ${sources.slice(0, 10).join(', ')}`);
  const tests = facts.asarFiles.filter((file) => /(^|\/)(tests?|__tests__)\/|\.test\.[cm]?[jt]sx?$/.test(file));
  if (tests.length) problems.push(`app.asar holds tests: ${tests.slice(0, 10).join(', ')}`);
  const packed = new Set(
    facts.asarFiles.concat(facts.unpackedFiles).flatMap((file) => {
      const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
      return match ? [match[1]!] : [];
    }),
  );
  const missing = facts.runtimeRequires.filter((name) => !packed.has(name));
  if (missing.length) problems.push(`the bundles require modules the package lacks: ${missing.join(', ')}`);
  const devPacked = devDependencyNames().filter((name) => packed.has(name));
  if (devPacked.length) problems.push(`app.asar holds dev dependencies: ${devPacked.join(', ')}`);
  const total = facts.asarBytes + facts.unpackedBytes;
  if (total > SIZE_LIMIT_BYTES) problems.push(`the app is ${total} bytes, over the ${SIZE_LIMIT_BYTES}-byte limit`);
  for (const [fuse, want] of Object.entries(facts.expectedFuses)) {
    if (facts.fuses[fuse] !== want) problems.push(`fuse ${fuse} is ${String(facts.fuses[fuse])}, expected ${want}`);
  }
  if (!facts.appUpdateYml?.includes('provider: generic') || !facts.appUpdateYml.includes(CHECK_UPDATE_URL)) {
    problems.push(`resources/app-update.yml is not the generic provider at the build's URL: ${facts.appUpdateYml}`);
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const facts = await buildPackage();
  try {
    const problems = packageProblems(facts);
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
    console.log(
      `Packed ${facts.asarFiles.length} files: app.asar ${mb(facts.asarBytes)}, ` +
        `app.asar.unpacked ${mb(facts.unpackedBytes)} (${facts.unpackedFiles.join(', ')}); ` +
        `limit ${mb(SIZE_LIMIT_BYTES)}.`,
    );
    for (const problem of problems) console.error(`✗ ${problem}`);
    if (problems.length) process.exitCode = 1;
    else console.log('Package check passed.');
  } finally {
    if (!process.argv.includes('--keep')) fs.rmSync(facts.workDir, { recursive: true, force: true });
    else console.log(`Kept ${facts.workDir}`);
  }
}
