// `npm run scanner:replay -- FILE [--db PATH]`: feeds a recorded key trace through the app's own
// detector and classifier, with the saved settings (or the defaults), one JSON object per line out.
// FILE: one JSON object per line: Electron Input fields plus `t` (ms), or {"tick": T}.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { classify } from '../core/scan/classify.ts';
import { ScanDetector, type DetectorOutput, type KeyInput, type ScannerSettings } from '../core/scan/detector.ts';
import { DEFAULT_SCANNER_SETTINGS, parseStoredSettings } from '../core/scan/settings.ts';
import { DATA_FILE_NAME, defaultDataDir } from '../electron/paths.ts';

export function loadSettings(dbFile: string | undefined): { settings: ScannerSettings; source: string } {
  const file = dbFile ?? path.join(defaultDataDir(), DATA_FILE_NAME);
  if (!fs.existsSync(file)) {
    if (dbFile) throw new Error(`No data file at ${dbFile}.`);
    return { settings: DEFAULT_SCANNER_SETTINGS, source: 'defaults' };
  }
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const hasTable = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'settings'`).get();
    const row = hasTable
      ? (db.prepare(`SELECT value FROM settings WHERE key = 'scanner'`).get() as { value: string } | undefined)
      : undefined;
    return row
      ? { settings: parseStoredSettings(row.value), source: file }
      : { settings: DEFAULT_SCANNER_SETTINGS, source: 'defaults' };
  } finally {
    db.close();
  }
}

/** Replays trace lines; returns the JSON-able output lines. */
export function replay(lines: string[], settings: ScannerSettings): object[] {
  const detector = new ScanDetector(settings);
  const out: object[] = [];
  let last = 0;
  const emit = (events: DetectorOutput[]) => {
    for (const e of events) {
      if (e.type !== 'scan') {
        out.push(e);
        continue;
      }
      const c = classify(e.text);
      const extra =
        c.kind === 'serial'
          ? { serial: c.serial }
          : c.kind === 'gs1'
            ? {
                ...(c.gtin ? { gtin: c.gtin } : {}),
                ...(c.serial ? { serial: c.serial } : {}),
                ais: c.ais,
                ...(c.expiry ? { expiry: c.expiry } : {}),
                ...(c.checkDigit === false ? { checkDigit: false } : {}),
              }
            : c.kind === 'gtin'
              ? { gtin: c.gtin }
              : c.checkDigit === false
                ? { checkDigit: false }
                : {};
      out.push({
        type: 'scan',
        text: e.text,
        kind: c.kind,
        ...extra,
        aim: e.aim,
        keys: e.keys,
        durationMs: e.durationMs,
        avgGapMs: e.avgGapMs,
        endedBy: e.endedBy,
      });
    }
  };
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      out.push({ type: 'error', line: index + 1, message: 'not valid JSON' });
      return;
    }
    if (typeof entry.tick === 'number') {
      last = Math.max(last, entry.tick);
      emit(detector.tick(entry.tick));
      return;
    }
    if (typeof entry.t !== 'number' || typeof entry.code !== 'string' || typeof entry.type !== 'string') {
      out.push({
        type: 'error',
        line: index + 1,
        message: 'a key line needs "type", "code" and a numeric "t" (or use {"tick": T})',
      });
      return;
    }
    if (entry.t < last) {
      out.push({ type: 'error', line: index + 1, message: `time goes backwards (${entry.t} after ${last})` });
      return;
    }
    last = entry.t;
    emit(detector.feed({ key: '', ...entry } as unknown as KeyInput, entry.t).out);
  });
  // The trace is over: let time run out, so a no-suffix scan at the end is reported too.
  emit(detector.tick(last + Math.max(settings.endTimeoutMs, settings.pauseToleranceMs * 3, 1000) + 1));
  return out;
}

if (import.meta.main) {
  let file: string | undefined;
  let db: string | undefined;
  try {
    const parsed = parseArgs({ allowPositionals: true, options: { db: { type: 'string' } } });
    file = parsed.positionals[0];
    db = parsed.values.db;
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  if (!file) {
    console.error('Usage: npm run scanner:replay -- FILE [--db PATH]');
    process.exit(2);
  }
  try {
    const { settings, source } = loadSettings(db);
    console.error(`Settings: ${source}`);
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    for (const line of replay(lines, settings)) process.stdout.write(`${JSON.stringify(line)}\n`);
  } catch (error) {
    console.error(`Cannot replay ${file}: ${(error as Error).message}`);
    process.exit(1);
  }
}
