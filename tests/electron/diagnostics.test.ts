// Help → Diagnostics on a real data file: the facts (schema version, size, last backup, the open's quick_check, the
// log folder), Save diagnostics' zip (the log and diagnostics.json, never a database), the renderer's errors in the
// log, and Settings → Updates' address (updaterConfig decides whether updates are on).
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { newestBackup } from '../../db/backups.ts';
import { log, openLogFile, type LogFile } from '../../db/log.ts';
import { LATEST_VERSION } from '../../db/migrations/index.ts';
import type { UpdatesHost } from '../../electron/diagnosticsHandlers.ts';
import { buildTimeUrl, updaterConfig, updateUrlProblem } from '../../electron/updater.ts';
import { freshBackend, okValue, refusalOf, tempDir, type Backend } from '../support/backend.ts';
import { FROZEN_NOW } from '../support/frozen.ts';

let logFile: LogFile | null = null;
afterEach(async () => {
  await logFile?.close();
  logFile = null;
});

/** A shop's data file opened a second time (so quick_check and the daily backup ran), with its log open. */
async function openedTwice(): Promise<{ b: Backend; dir: string; file: string }> {
  const dir = tempDir('pos-diagnostics-');
  const file = path.join(dir, 'counter-pos.sqlite');
  await (await freshBackend({ file })).close();
  const b = await freshBackend({ file });
  await b.store.backup; // the daily backup this open started
  logFile = openLogFile(path.join(dir, 'logs'));
  b.ctx.diagnostics = {
    electronVersion: null,
    logDir: logFile.dir,
    quickCheck: () => (b.store.kind === 'sqlite' ? (b.store.quickCheck ?? null) : null),
  };
  return { b, dir, file };
}

const flushLog = async () => {
  await logFile?.close();
  logFile = null;
};

describe('Help → Diagnostics', () => {
  it('reports the data file, its schema version and size, the last backup, quick_check and the log folder', async () => {
    const { b, dir, file } = await openedTwice();
    try {
      const facts = okValue(b.api.diagnostics({}));
      const backup = newestBackup(file);
      expect(backup).not.toBeNull();
      expect(await facts).toEqual({
        appName: 'Counter POS',
        appVersion: 'test',
        electronVersion: null,
        nodeVersion: process.versions.node,
        platform: `${process.platform} ${process.arch}`,
        mode: 'test',
        storeKind: 'sqlite',
        dataFile: file,
        dataFileBytes: fs.statSync(file).size,
        schemaVersion: LATEST_VERSION,
        lastBackup: { path: backup!.path, at: backup!.at.toISOString(), bytes: fs.statSync(backup!.path).size },
        lastQuickCheck: { at: FROZEN_NOW.toISOString(), result: 'ok' },
        logFolder: path.join(dir, 'logs'),
        updateUrl: '',
      });
    } finally {
      await b.close();
    }
  });

  it('saves a zip of the logs and diagnostics.json, never the database, as a download in browser mode', async () => {
    const { b, dir, file } = await openedTwice();
    try {
      log.info({ serial: 'DL5440-0101', pin: '1234' }, 'sold a unit');
      await flushLog();
      fs.copyFileSync(file, path.join(dir, 'logs', 'stray-copy.sqlite')); // a database put there by mistake
      const facts = await okValue(b.api.diagnostics({}));

      const saved = await okValue(b.api.saveDiagnostics({}));
      expect(saved.savedTo).toBeNull();
      expect(saved.download).toMatchObject({ mimeType: 'application/zip' });
      expect(saved.download!.fileName).toBe('counter-pos-diagnostics-2026-11-21-10-00-00.zip');
      const zip = unzipSync(Buffer.from(saved.download!.base64, 'base64'));

      expect(Object.keys(zip).sort()).toEqual(['diagnostics.json', 'logs/main.log']);
      expect(Object.keys(zip).filter((name) => /\.(db|sqlite\d?)$|backup-v/.test(name))).toEqual([]);
      const sqliteHeader = Buffer.from('SQLite format 3\0');
      for (const bytes of Object.values(zip)) expect(Buffer.from(bytes).indexOf(sqliteHeader)).toBe(-1);
      const json = JSON.parse(strFromU8(zip['diagnostics.json']!)) as Record<string, unknown>;
      expect(json).toEqual({ savedAt: FROZEN_NOW.toISOString(), ...facts });
      const logText = strFromU8(zip['logs/main.log']!);
      expect(logText).toContain('"serial":"DL5440-0101"');
      expect(logText).not.toContain('1234');
    } finally {
      await b.close();
    }
  });

  it("saves through the desktop's dialog to the file chosen, and not at all when cancelled", async () => {
    const { b, dir } = await openedTwice();
    try {
      await flushLog();
      const chosen = path.join(dir, 'for-support.zip');
      let answer: string | null = chosen;
      b.ctx.diagnostics!.saveFile = async (_name, bytes) => {
        if (answer) fs.writeFileSync(answer, bytes);
        return answer;
      };
      expect(await okValue(b.api.saveDiagnostics({}))).toEqual({ savedTo: chosen, download: null });
      expect(Object.keys(unzipSync(fs.readFileSync(chosen))).sort()).toEqual(['diagnostics.json', 'logs/main.log']);
      answer = null;
      expect(await okValue(b.api.saveDiagnostics({}))).toEqual({ savedTo: null, download: null });
    } finally {
      await b.close();
    }
  });

  it("writes the window's errors to the log, even from the PIN screen", async () => {
    const b = await freshBackend({ staff: null });
    try {
      const dir = tempDir('pos-diagnostics-');
      logFile = openLogFile(dir);
      const outcome = await b.api.reportRendererError({
        message: 'Cannot read properties of undefined',
        stack: 'TypeError: Cannot read properties of undefined\n    at SellScreen (app.js:1:2)',
        componentStack: '\n    at SellScreen',
        where: 'render',
      });
      expect(outcome).toEqual({ ok: true, value: { logged: true } });
      await flushLog();
      const line = JSON.parse(fs.readFileSync(path.join(dir, 'main.log'), 'utf8').trim()) as Record<string, unknown>;
      expect(line).toMatchObject({
        level: 50,
        msg: 'the window hit an error',
        where: 'render',
        err: { message: 'Cannot read properties of undefined' },
      });
    } finally {
      await b.close();
    }
  });
});

describe('Settings → Updates', () => {
  it('is on with the address set in Settings, else the one built in, and off with neither', () => {
    expect(updaterConfig(null, null)).toBeNull();
    expect(updaterConfig('', '  ')).toBeNull();
    expect(updaterConfig('', 'https://updates.example.com/pos/')).toEqual({ url: 'https://updates.example.com/pos/' });
    expect(updaterConfig(' https://shop.example/pos ', 'https://updates.example.com/pos/')).toEqual({
      url: 'https://shop.example/pos',
    });
    expect(updaterConfig('not a url', 'https://updates.example.com/pos/')).toEqual({
      url: 'https://updates.example.com/pos/',
    });
    expect(updateUrlProblem('ftp://files.example/pos')).toMatch(/must start with https:\/\//);
    expect(updateUrlProblem('https://user:pw@files.example/pos')).toMatch(/user name or password/);
    expect(updateUrlProblem('')).toBeNull();
  });

  it("reads the build's address from app-update.yml (provider generic) and none without one", () => {
    const resources = tempDir('pos-resources-');
    expect(buildTimeUrl(resources)).toBe('');
    fs.writeFileSync(
      path.join(resources, 'app-update.yml'),
      'provider: generic\nurl: https://updates.example.com/pos\nupdaterCacheDirName: counter-pos-updater\n',
    );
    expect(buildTimeUrl(resources)).toBe('https://updates.example.com/pos');
    fs.writeFileSync(path.join(resources, 'app-update.yml'), 'provider: github\nowner: x\nrepo: y\n');
    expect(buildTimeUrl(resources)).toBe('');
  });

  it('keeps a valid address on the desktop, refuses a wrong one, and is not offered in browser mode', async () => {
    const b = await freshBackend();
    try {
      const web = await okValue(b.api.getUpdateSettings({}));
      expect(web).toMatchObject({ canUpdate: false, activeUrl: '' });
      expect((await refusalOf(b, () => b.api.saveUpdateSettings({ url: 'https://x.example/' }))).message).toMatch(
        /desktop app/,
      );

      let kept = '';
      const updates: UpdatesHost = {
        buildUrl: 'https://builtin.example/pos/',
        saved: () => kept,
        save: async (url) => void (kept = url),
        status: () => '',
      };
      b.ctx.diagnostics = { electronVersion: '40.0.0', logDir: null, quickCheck: () => null, updates };
      expect(await okValue(b.api.getUpdateSettings({}))).toMatchObject({
        canUpdate: true,
        url: '',
        activeUrl: 'https://builtin.example/pos/',
      });
      const refused = await refusalOf(b, () => b.api.saveUpdateSettings({ url: 'ftp://files.example/pos' }));
      expect(refused).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/https:\/\//) });
      expect(kept).toBe('');
      const saved = await okValue(b.api.saveUpdateSettings({ url: ' https://shop.example/updates/ ' }));
      expect(saved).toMatchObject({ url: 'https://shop.example/updates/', activeUrl: 'https://shop.example/updates/' });
      expect((await okValue(b.api.diagnostics({}))).updateUrl).toBe('https://shop.example/updates/');
    } finally {
      await b.close();
    }
  });
});
