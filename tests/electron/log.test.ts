// The log file: what is written, what never is (PINs, passwords, API keys), and rotation by size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { log, openLogFile, redactText, REDACTED, type LogFile } from '../../db/log.ts';

const API_KEY = 'cpos_Qx7vT3kLm9PzR2sWy8Nd4Hb6Jf1Gc5Va0Ue3Io7Kp2';
const PIN = '482915';
let open: LogFile | null = null;
const dirs: string[] = [];

function tempLogs(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-logs-'));
  dirs.push(dir);
  return path.join(dir, 'logs');
}
const readAll = (dir: string) =>
  fs
    .readdirSync(dir)
    .map((name) => fs.readFileSync(path.join(dir, name), 'utf8'))
    .join('');

afterEach(async () => {
  await open?.close();
  open = null;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the log file', () => {
  it('never writes a PIN or an API key, in fields at any depth or inside the message', async () => {
    const dir = tempLogs();
    open = openLogFile(dir);
    log.info(
      {
        pin: PIN,
        staff: { name: 'Casey Cashier', approvalPin: PIN },
        request: { body: { settings: { smtp: { smtpPassword: 'hunter2-smtp' } }, apiKey: API_KEY } },
        serial: 'DL5440-0101',
      },
      `Signed in with PIN ${PIN} using key ${API_KEY}`,
    );
    log.failure('The API refused a call', new Error(`bad key ${API_KEY} from postgres://pos:s3cretpw@server/shop`));
    await open.close();
    open = null;

    const text = fs.readFileSync(path.join(dir, 'main.log'), 'utf8');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(text).not.toContain(PIN);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(API_KEY.slice(12)); // not even its tail
    expect(text).not.toContain('hunter2-smtp');
    expect(text).not.toContain('s3cretpw');
    expect(text).toContain(REDACTED);
    // What helps support stays: who, which unit, and the error's stack.
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first.msg).toBe(`Signed in with PIN ${REDACTED} using key cpos_${REDACTED}`);
    expect(first.staff).toEqual({ name: 'Casey Cashier', approvalPin: REDACTED });
    expect(first.serial).toBe('DL5440-0101');
    const second = JSON.parse(lines[1]!) as { err: { stack: string }; msg: string };
    expect(second.msg).toBe('The API refused a call');
    expect(second.err.stack).toMatch(/^Error: bad key cpos_\[Redacted\] from postgres:\/\/pos:\[Redacted\]@server/);
    expect(second.err.stack).toContain('log.test.ts');
  });

  it('writes nothing before a host opens the file, and nothing after it closes', async () => {
    const dir = tempLogs();
    log.info({ step: 'before' }, 'not written');
    open = openLogFile(dir);
    log.info({ step: 'during' }, 'written');
    await open.close();
    open = null;
    log.info({ step: 'after' }, 'not written');
    expect(readAll(dir).trim().split('\n')).toHaveLength(1);
    expect(readAll(dir)).toContain('"step":"during"');
  });

  it('rotates to main.log.1, main.log.2 … when the file passes its size limit, keeping the newest few', async () => {
    const dir = tempLogs();
    open = openLogFile(dir, { maxBytes: 300, keep: 2 });
    for (let i = 0; i < 12; i++) {
      log.info({ i, serial: `DL5440-00${String(i).padStart(2, '0')}` }, 'sold a unit');
      await new Promise((resolve) => setTimeout(resolve, 1)); // the stream rotates between writes
    }
    await open.close();
    open = null;
    expect(fs.readdirSync(dir).sort()).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    for (const name of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, name)).size).toBeLessThan(600);
    // The newest lines are in main.log; the oldest ones were dropped beyond `keep`.
    expect(fs.readFileSync(path.join(dir, 'main.log.1'), 'utf8')).not.toContain('"i":0,');
    expect(readAll(dir)).toContain('"i":11,');
  });

  it('scrubs secrets from free text and leaves ordinary words alone', () => {
    expect(redactText('approval PIN: 2222 given')).toBe(`approval PIN: ${REDACTED} given`);
    expect(redactText('Authorization: Bearer abc.def-ghi')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactText('The PIN screen opened; the password was changed')).toBe(
      'The PIN screen opened; the password was changed',
    );
    expect(redactText('key cpos_Qx7vT3 shown in Settings')).toBe('key cpos_Qx7vT3 shown in Settings');
  });
});
