import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Counter POS';
export const DATA_FILE_NAME = 'counter-pos.sqlite';

/**
 * The app's own data folder, the same one Electron's app.getPath('userData') gives, so browser
 * mode and the desktop app open the same store by default.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}
