// Which backups to keep: a pure function of (the backups, now, the retention), so it is tested with a frozen clock.
// The rule is restic's `--keep-daily 7 --keep-weekly 4 --keep-monthly 12`: the newest backup of each of the 7 most
// recent days that have one, of each of the 4 most recent ISO weeks, and of each of the 12 most recent months; a backup
// kept by several rules is kept once. Counting days that HAVE a backup (not the last 7 calendar days) means a shop
// closed for a month still has its 7 daily copies. Days, weeks and months are UTC, like the backups' names.
// Pre-migration backups are kept apart (the newest MIGRATION_KEEP, whatever their age): they are the way back from an
// upgrade, written once per upgrade, and must not push out the daily copies nor be pushed out by them.

/** How many copies Settings → Backups keeps of each kind. */
export interface Retention {
  daily: number;
  weekly: number;
  monthly: number;
}

export const DEFAULT_RETENTION: Retention = { daily: 7, weekly: 4, monthly: 12 };
/** Pre-migration backups kept, newest first, outside the daily/weekly/monthly counts. */
export const MIGRATION_KEEP = 3;

export interface Dated {
  at: Date;
  /** 'migration': written before an upgrade (kept apart); anything else counts as a daily copy. */
  reason?: string | null;
}

const dayKey = (d: Date) => d.toISOString().slice(0, 10);
const monthKey = (d: Date) => d.toISOString().slice(0, 7);
/** ISO 8601 week (weeks start on Monday; week 1 holds the year's first Thursday), e.g. 2026-W47. */
export function weekKey(d: Date): string {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * Splits the backups into those to keep and those to remove. Backups dated after `now` (the clock was put back) are
 * always kept: nothing is removed that cannot be placed in time.
 */
export function pruneBackups<T extends Dated>(
  backups: readonly T[],
  now: Date,
  retention: Retention,
): { keep: T[]; remove: T[] } {
  const newestFirst = [...backups].sort((a, b) => b.at.getTime() - a.at.getTime());
  const keep = new Set<T>(newestFirst.filter((b) => b.at.getTime() > now.getTime()));
  const placed = newestFirst.filter((b) => !keep.has(b));
  placed
    .filter((b) => b.reason === 'migration')
    .slice(0, MIGRATION_KEEP)
    .forEach((b) => keep.add(b));
  const dated = placed.filter((b) => b.reason !== 'migration');
  const rules: Array<[(d: Date) => string, number]> = [
    [dayKey, retention.daily],
    [weekKey, retention.weekly],
    [monthKey, retention.monthly],
  ];
  for (const [key, count] of rules) {
    const seen = new Set<string>();
    for (const b of dated) {
      if (seen.size >= count) break;
      const k = key(b.at);
      if (seen.has(k)) continue; // an older backup of a bucket already kept
      seen.add(k);
      keep.add(b);
    }
  }
  return { keep: newestFirst.filter((b) => keep.has(b)), remove: newestFirst.filter((b) => !keep.has(b)) };
}
