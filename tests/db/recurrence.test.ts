import { describe, expect, it } from 'vitest';
import {
  addMonthsClamped,
  duePeriods,
  firstRunDate,
  gridOf,
  nextRunAfter,
  periodDate,
  type RecurrenceFacts,
} from '../../core/recurrence.ts';

// The period maths of recurring templates (core/recurrence.ts): dates counted from the start date, clamped to the
// month's last day, the end date and the number of runs.

const monthly = (startDate: string, more: Partial<RecurrenceFacts> = {}): RecurrenceFacts => ({
  frequency: 'monthly',
  everyMonths: 1,
  startDate,
  nextRunDate: startDate,
  endDate: null,
  maxRuns: null,
  runsMade: 0,
  ...more,
});

describe('period dates', () => {
  it('month ends: Jan 31 → Feb 28 → Mar 31 → Apr 30, and Feb 29 in a leap year', () => {
    const dates = [0, 1, 2, 3, 4].map((n) => periodDate('2026-01-31', 'monthly', 1, n));
    expect(dates).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
    expect(periodDate('2028-01-31', 'monthly', 1, 1)).toBe('2028-02-29');
    expect(periodDate('2028-01-31', 'monthly', 1, 2)).toBe('2028-03-31');
    // The 29th of February, yearly: Feb 28 in the years between, Feb 29 again four years on.
    expect([1, 2, 4].map((n) => periodDate('2028-02-29', 'yearly', 1, n))).toEqual([
      '2029-02-28',
      '2030-02-28',
      '2032-02-29',
    ]);
    expect(addMonthsClamped('2026-12-31', 2)).toBe('2027-02-28');
  });

  it('quarterly, yearly, every N months and weekly', () => {
    expect([1, 2, 3, 4].map((n) => periodDate('2026-11-30', 'quarterly', 1, n))).toEqual([
      '2027-02-28',
      '2027-05-30',
      '2027-08-30',
      '2027-11-30',
    ]);
    expect(periodDate('2026-03-15', 'yearly', 1, 2)).toBe('2028-03-15');
    expect([1, 2].map((n) => periodDate('2026-08-31', 'every_n_months', 6, n))).toEqual(['2027-02-28', '2027-08-31']);
    // every_months is ignored unless the frequency is every N months
    expect(periodDate('2026-01-10', 'monthly', 6, 1)).toBe('2026-02-10');
    expect([1, 2, 8].map((n) => periodDate('2026-12-24', 'weekly', 1, n))).toEqual([
      '2026-12-31',
      '2027-01-07',
      '2027-02-18',
    ]);
  });

  it('a next run date is placed on the start date’s grid; one moved off it starts a grid of its own', () => {
    expect(gridOf('2026-01-31', 'monthly', 1, '2026-02-28')).toEqual({ anchor: '2026-01-31', n: 1 });
    expect(gridOf('2026-01-31', 'monthly', 1, '2026-04-30')).toEqual({ anchor: '2026-01-31', n: 3 });
    expect(gridOf('2026-01-01', 'weekly', 1, '2026-01-29')).toEqual({ anchor: '2026-01-01', n: 4 });
    expect(gridOf('2026-01-31', 'monthly', 1, '2026-02-15')).toEqual({ anchor: '2026-02-15', n: 0 });
    // After Feb 28 (the clamped 31st) comes Mar 31 again, not Mar 28.
    expect(nextRunAfter(monthly('2026-01-31', { nextRunDate: '2026-02-28', runsMade: 1 }))).toBe('2026-03-31');
    // Moved to the 15th by hand: the 15th from then on.
    expect(nextRunAfter(monthly('2026-01-31', { nextRunDate: '2026-02-15', runsMade: 1 }))).toBe('2026-03-15');
  });
});

describe('due periods', () => {
  it('catch-up: a monthly template started three months ago has three periods due, then the next', () => {
    const facts = monthly('2026-08-21');
    expect(duePeriods(facts, '2026-11-20')).toEqual({
      due: ['2026-08-21', '2026-09-21', '2026-10-21'],
      nextRunDate: '2026-11-21',
    });
    expect(duePeriods(facts, '2026-11-21').due).toHaveLength(4);
    expect(duePeriods(monthly('2026-12-01'), '2026-11-21')).toEqual({ due: [], nextRunDate: '2026-12-01' });
    expect(duePeriods({ ...facts, nextRunDate: null }, '2026-11-21')).toEqual({ due: [], nextRunDate: null });
  });

  it('the end date is the last day a period may run (inclusive); after it the template has ended', () => {
    const facts = monthly('2026-01-31', { endDate: '2026-03-31' });
    expect(duePeriods(facts, '2026-12-31')).toEqual({
      due: ['2026-01-31', '2026-02-28', '2026-03-31'],
      nextRunDate: null,
    });
    expect(duePeriods(facts, '2026-02-28')).toEqual({ due: ['2026-01-31', '2026-02-28'], nextRunDate: '2026-03-31' });
    // A next run date already past the end date (an end date moved back): nothing due, ended.
    expect(duePeriods({ ...facts, nextRunDate: '2026-04-30' }, '2026-12-31')).toEqual({ due: [], nextRunDate: null });
  });

  it('a number of runs: runs made so far count, the last run ends the template', () => {
    const facts = monthly('2026-01-15', { maxRuns: 3 });
    expect(duePeriods(facts, '2026-12-31')).toEqual({
      due: ['2026-01-15', '2026-02-15', '2026-03-15'],
      nextRunDate: null,
    });
    const twoMade = { ...facts, nextRunDate: '2026-03-15', runsMade: 2 };
    expect(duePeriods(twoMade, '2026-12-31')).toEqual({ due: ['2026-03-15'], nextRunDate: null });
    expect(nextRunAfter({ ...facts, nextRunDate: '2026-01-15', runsMade: 0 })).toBe('2026-02-15');
    expect(nextRunAfter({ ...facts, nextRunDate: '2026-03-15', runsMade: 2 })).toBeNull();
    expect(duePeriods({ ...twoMade, runsMade: 3 }, '2026-12-31')).toEqual({ due: [], nextRunDate: null });
  });

  it('a new template’s first run is one period after its start date, unless it could never run', () => {
    const base = { frequency: 'weekly' as const, everyMonths: 1, startDate: '2026-11-21', endDate: null, maxRuns: 2 };
    expect(firstRunDate(base)).toBe('2026-11-28');
    expect(duePeriods({ ...base, nextRunDate: '2026-11-28', runsMade: 0 }, '2026-12-31')).toEqual({
      due: ['2026-11-28', '2026-12-05'],
      nextRunDate: null,
    });
    // Monthly from Jan 31: Feb 28; three months ago today makes three periods due today.
    const monthly = { ...base, frequency: 'monthly' as const, startDate: '2026-01-31', maxRuns: null };
    expect(firstRunDate(monthly)).toBe('2026-02-28');
    const started = { ...monthly, startDate: '2026-08-21' };
    expect(duePeriods({ ...started, nextRunDate: firstRunDate(started), runsMade: 0 }, '2026-11-21').due).toEqual([
      '2026-09-21',
      '2026-10-21',
      '2026-11-21',
    ]);
    // Ended before its first run: it could never run.
    expect(firstRunDate({ ...started, endDate: '2026-09-01' })).toBeNull();
  });
});
