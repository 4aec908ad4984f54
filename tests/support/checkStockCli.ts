// Runs `npm run check-stock` (scripts/check-stock.ts) as a process of its own, as a person runs it: its exit code and
// what it printed. Shared by the tests on a SQLite file and on a shop server.
import { spawn } from 'node:child_process';
import path from 'node:path';

const SCRIPT = path.join(import.meta.dirname, '..', '..', 'scripts', 'check-stock.ts');

export function runCheckStock(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('exit', (code) => resolve({ code, out, err }));
  });
}
