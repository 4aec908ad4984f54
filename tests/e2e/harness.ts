import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../../scripts/chromium.ts';
import { tempDir } from '../support/backend.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
export const ARTIFACTS = path.join(root, 'test-artifacts');

export interface RunningApp {
  url: string;
  dbFile: string;
  server: ChildProcess;
  output: () => string;
  /** Ctrl+C, as a user stops npm run web; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `npm run web`'s program on a temp database and a free port, and waits for its URL. */
export async function startWeb(): Promise<RunningApp> {
  if (!fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
    throw new Error('The renderer is not built: run "npm run build" (npm test does it first).');
  }
  const dbFile = path.join(tempDir('pos-e2e-'), 'pos.sqlite');
  const server = spawn(process.execPath, [path.join(root, 'electron/web/cli.ts'), '--db', dbFile, '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  server.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm run web printed no URL:\n${out}`)), 30_000);
    const check = () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    server.stdout!.on('data', check);
    server.on('exit', (code) => reject(new Error(`npm run web exited with ${code}:\n${out}`)));
  });
  return {
    url,
    dbFile,
    server,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (server.exitCode !== null) return resolve(server.exitCode);
        server.once('exit', (code) => resolve(code));
        server.kill('SIGINT');
      }),
  };
}

export { launchChromium };

/**
 * `npm run web` on a temp store and a Chromium, started once for the calling file (`use` receives them) and stopped
 * after it.
 */
export function webAppPerFile(use: (web: RunningApp, browser: Browser) => void): void {
  let web: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    web = await startWeb();
    browser = await launchChromium();
    use(web, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });
}

/**
 * Signs in on the PIN screen (Demo Admin's PIN 1234 unless told) once the page has loaded. The browser-mode host keeps
 * one session for all its pages, so a later page may open signed in already: then there is nothing to do.
 */
export async function signIn(page: Page, pin = '1234'): Promise<void> {
  const pinField = page.getByLabel('PIN', { exact: true });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await pinField.or(nav).first().waitFor();
  if (await pinField.isVisible()) {
    await pinField.fill(pin);
    await pinField.press('Enter');
  }
  await nav.waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects page errors so a test can assert the page ran clean. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

/** Reads the running app's store directly (read-only), to check what a flow wrote. */
export function queryStore<T>(dbFile: string, sql: string): T[] {
  const db = new BetterSqlite3(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/**
 * Keys as a USB wedge scanner sends them into the focused field: physical keys, Shift for capitals and ':', then Enter.
 */
export async function scannerTypes(page: Page, text: string) {
  const codeFor = (c: string): string =>
    /[a-z]/i.test(c)
      ? `Key${c.toUpperCase()}`
      : /\d/.test(c)
        ? `Digit${c}`
        : ({ ':': 'Semicolon', '-': 'Minus' } as Record<string, string>)[c]!;
  for (const c of text) await page.keyboard.press(/[A-Z:]/.test(c) ? `Shift+${codeFor(c)}` : codeFor(c));
  await page.keyboard.press('Enter');
}
