// Settings → Backups' choices, kept in the store's settings table: how many daily, weekly and monthly copies to keep
// (db/backupRetention.ts) and the extra folder every backup is also copied to (a USB drive, a synced folder; '' none).
// Kept in the store so every way of opening it (the desktop app, browser mode, npm run backup) follows them.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.ts';
import { DEFAULT_RETENTION, type Retention } from './backupRetention.ts';
import type { ReadCtx, WriteCtx } from './services/context.ts';
import { getSetting, putSetting } from './services/settings.ts';

const RETENTION_KEY = 'backup_retention';
const FOLDER_KEY = 'backup_folder';

export interface BackupSettings {
  retention: Retention;
  folder: string;
}

function parseRetention(text: string | undefined): Retention {
  if (!text) return DEFAULT_RETENTION;
  try {
    const r = JSON.parse(text) as Partial<Retention>;
    const n = (v: unknown, fallback: number) => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : fallback);
    return {
      daily: Math.max(1, n(r.daily, DEFAULT_RETENTION.daily)),
      weekly: n(r.weekly, DEFAULT_RETENTION.weekly),
      monthly: n(r.monthly, DEFAULT_RETENTION.monthly),
    };
  } catch {
    return DEFAULT_RETENTION;
  }
}

export async function getBackupSettings(ctx: ReadCtx): Promise<BackupSettings> {
  const [retention, folder] = await Promise.all([getSetting(ctx, RETENTION_KEY), getSetting(ctx, FOLDER_KEY)]);
  return { retention: parseRetention(retention), folder: folder ?? '' };
}

/** Refuses a folder this computer cannot write to, with why; '' (none) is always accepted. */
export function checkBackupFolder(folder: string): string {
  const trimmed = folder.trim();
  if (trimmed === '') return '';
  const refuse = (why: string) => {
    throw new AppError('invalid_input', `Not saved: ${why}`, { field: 'folder' });
  };
  if (!path.isAbsolute(trimmed)) refuse(`enter the folder's full path (e.g. E:\\Backups or /Volumes/USB/Backups).`);
  let stat: fs.Stats | null = null;
  try {
    stat = fs.statSync(trimmed);
  } catch {
    refuse(`the folder ${trimmed} does not exist (is the drive plugged in?).`);
  }
  if (!stat?.isDirectory()) refuse(`${trimmed} is a file, not a folder.`);
  try {
    fs.accessSync(trimmed, fs.constants.W_OK);
  } catch {
    refuse(`Counter POS cannot write to the folder ${trimmed}.`);
  }
  return trimmed;
}

export async function saveBackupSettings(ctx: WriteCtx, input: BackupSettings): Promise<BackupSettings> {
  const folder = checkBackupFolder(input.folder);
  await putSetting(ctx, RETENTION_KEY, JSON.stringify(input.retention));
  await putSetting(ctx, FOLDER_KEY, folder);
  return { retention: input.retention, folder };
}
