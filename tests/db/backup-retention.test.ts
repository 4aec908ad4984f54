// Backup retention as a pure function of (the backups, now, the retention) with a frozen clock: the newest backup of
// each of the 7 most recent days, 4 most recent ISO weeks and 12 most recent months that have one; pre-migration
// backups kept apart (the newest 3); nothing dated after now is removed.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, pruneBackups, weekKey } from '../../db/backupRetention.ts';

const NOW = new Date('2026-11-21T12:00:00Z');
const at = (iso: string, reason: string | null = 'daily') => ({ at: new Date(iso), reason });
const days = (list: Array<{ at: Date }>) => list.map((b) => b.at.toISOString().slice(0, 10));

describe('backup retention (7 daily, 4 weekly, 12 monthly)', () => {
  it('40 daily backups over 15 months keep exactly the 7 days, 4 weeks and 12 months', () => {
    // The 20 most recent days (2026-11-02 … 11-21), then one on the 15th of each month back to 2025-08.
    const backups = [
      ...Array.from({ length: 20 }, (_, i) => at(`2026-11-${String(21 - i).padStart(2, '0')}T09:00:00Z`)),
      ...['2026-10', '2026-09', '2026-08', '2026-07', '2026-06', '2026-05', '2026-04', '2026-03', '2026-02']
        .concat(['2026-01', '2025-12', '2025-11', '2025-10', '2025-09', '2025-08'])
        .map((m) => at(`${m}-15T09:00:00Z`)),
      ...Array.from({ length: 5 }, (_, i) => at(`2025-08-0${i + 1}T09:00:00Z`)),
    ];
    expect(backups).toHaveLength(40);
    const { keep, remove } = pruneBackups(backups, NOW, DEFAULT_RETENTION);
    expect(days(keep)).toEqual([
      // 7 daily: 11-21 … 11-15
      ...['21', '20', '19', '18', '17', '16', '15'].map((d) => `2026-11-${d}`),
      // 4 weekly, the newest of each ISO week: W47 (11-21) and W46 (11-15) already kept, W45 → 11-08, W42 → 10-15
      '2026-11-08',
      // 12 monthly: 2026-11 (11-21) kept, then the 15th of 2026-10 (also the 4th week) … 2025-12 (11 months)
      ...['10', '09', '08', '07', '06', '05', '04', '03', '02', '01'].map((m) => `2026-${m}-15`),
      '2025-12-15',
    ]);
    expect(keep).toHaveLength(19);
    expect(keep.length + remove.length).toBe(40);
    expect(days(remove)).toContain('2025-11-15');
    expect(days(remove)).toContain('2025-08-05');
  });

  it('counts days that have a backup, so a shop closed for a month keeps its 7 daily copies', () => {
    const backups = ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04', '2026-09-05', '2026-09-06', '2026-09-07']
      .concat(['2026-09-08'])
      .map((d) => at(`${d}T09:00:00Z`));
    const { keep } = pruneBackups(backups, NOW, { daily: 7, weekly: 0, monthly: 0 });
    expect(days(keep)).toEqual(
      ['2026-09-08', '2026-09-07', '2026-09-06', '2026-09-05', '2026-09-04', '2026-09-03'].concat(['2026-09-02']),
    );
  });

  it('keeps one backup per day (the newest), the newest 3 pre-migration ones apart, and anything after now', () => {
    const backups = [
      at('2026-11-21T08:00:00Z'),
      at('2026-11-21T10:00:00Z', 'manual'),
      at('2026-12-01T00:00:00Z'), // the clock was put back
      ...['2026-01-01', '2026-03-01', '2026-05-01', '2026-07-01'].map((d) => at(`${d}T00:00:00Z`, 'migration')),
    ];
    const { keep, remove } = pruneBackups(backups, NOW, { daily: 1, weekly: 0, monthly: 0 });
    expect(keep.map((b) => b.at.toISOString().slice(0, 13))).toEqual([
      '2026-12-01T00',
      '2026-11-21T10',
      '2026-07-01T00',
      '2026-05-01T00',
      '2026-03-01T00',
    ]);
    expect(remove.map((b) => b.at.toISOString().slice(0, 13))).toEqual(['2026-11-21T08', '2026-01-01T00']);
  });

  it('names ISO weeks as ISO 8601 does (a year boundary)', () => {
    expect(weekKey(new Date('2026-11-21T12:00:00Z'))).toBe('2026-W47');
    expect(weekKey(new Date('2027-01-01T12:00:00Z'))).toBe('2026-W53');
    expect(weekKey(new Date('2024-12-30T12:00:00Z'))).toBe('2025-W01');
  });
});
