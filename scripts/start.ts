// `npm start`: launches the Electron app. The Electron runtime is downloaded once on first start;
// where that is impossible (offline), it says so and points to browser mode.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

function electronBinary(): string | null {
  let dir: string;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

function offline(reason: string): never {
  console.error(
    `\nThe Electron runtime is not available: ${reason}\n` +
      'It is downloaded once, on the first "npm start", and that download needs the internet.\n' +
      'Everything else works without it: run the app in your browser with\n\n  npm run web\n',
  );
  process.exit(1);
}

let binary = electronBinary();
if (!binary) {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)
    offline('ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded.');
  console.log('Downloading the Electron runtime (once)…');
  let installer: string;
  try {
    installer = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    offline('the electron package is not installed (run npm ci).');
  }
  const result = spawnSync(process.execPath, [installer], {
    stdio: ['ignore', 'inherit', 'pipe'],
    timeout: 10 * 60_000,
    encoding: 'utf8',
  });
  binary = electronBinary();
  if (result.status !== 0 || !binary) {
    const detail = (result.stderr || result.error?.message || '')
      .split('\n')
      .find((l) => /error|ENOTFOUND|ECONN|EAI_AGAIN|timed out/i.test(l));
    offline(`the download failed${detail ? ` (${detail.trim().slice(0, 160)})` : ''}.`);
  }
}

const child = spawn(binary, [root], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
child.on('exit', (code) => process.exit(code ?? 0));
