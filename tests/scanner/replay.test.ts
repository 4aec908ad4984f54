import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCANNER_SETTINGS } from '../../core/scan/detector.ts';
import { loadSettings, replay } from '../../scripts/scanner-replay.ts';
import { freshBackend, tempDir } from '../support/backend.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const trace = path.join(import.meta.dirname, 'traces', 'counter.jsonl');

describe('npm run scanner:replay', () => {
  it('replays a recorded trace through the app detector and classifier', () => {
    const out = replay(fs.readFileSync(trace, 'utf8').split('\n'), DEFAULT_SCANNER_SETTINGS);
    const scans = out.filter((o) => (o as { type: string }).type === 'scan');
    expect(scans).toEqual([
      expect.objectContaining({
        type: 'scan',
        text: 'SN:DL5440-0001',
        kind: 'serial',
        serial: 'DL5440-0001',
        endedBy: 'Enter',
      }),
      expect.objectContaining({
        type: 'scan',
        kind: 'gs1',
        aim: ']C1',
        gtin: '50311704620018',
        serial: '123456789012',
        expiry: '2018-05-31',
        text: '015031170462001821123456789012\u001d1718053110S12345',
        ais: { '01': '50311704620018', '21': '123456789012', '17': '180531', '10': 'S12345' },
      }),
    ]);
  });

  it('reports a GTIN with a bad check digit, a tick-ended scan, and bad lines', () => {
    const keys = [...'5901234123458'].map((d, i) =>
      JSON.stringify({ type: 'keyDown', key: d, code: `Digit${d}`, t: 100 + i * 10 }),
    );
    const out = replay([...keys, '{"tick": 400}', 'not json', '{"type":"keyDown"}'], {
      ...DEFAULT_SCANNER_SETTINGS,
      endTimeoutMs: 100,
    });
    expect(out).toContainEqual(
      expect.objectContaining({
        type: 'scan',
        text: '5901234123458',
        kind: 'code',
        checkDigit: false,
        endedBy: 'timeout',
      }),
    );
    expect(out).toContainEqual({ type: 'error', line: 15, message: 'not valid JSON' });
    expect(out).toContainEqual(expect.objectContaining({ type: 'error', line: 16 }));
  });

  it('uses the settings saved in the store, as a command', async () => {
    const file = path.join(tempDir(), 'pos.sqlite');
    const b = await freshBackend({ file });
    await b.api.saveScannerSettings({ ...DEFAULT_SCANNER_SETTINGS, suffixKeys: ['Tab'] }); // Enter no longer ends a scan
    await b.close();
    expect(loadSettings(file).settings.suffixKeys).toEqual(['Tab']);
    const stdout = execFileSync(process.execPath, [path.join(root, 'scripts/scanner-replay.ts'), trace, '--db', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(lines.every((l) => typeof l === 'object')).toBe(true);
    expect(lines.filter((l) => l.type === 'scan')).toEqual([]); // Enter-ended runs are not scans with these settings
    expect(lines.some((l) => l.type === 'abandoned')).toBe(true);
  });
});
