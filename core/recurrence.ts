// A recurring template's periods: the dates its invoices are made on. Pure (no I/O, no clock: "today" is passed in).
//
// The rule (README: the scheduler's catch-up rule):
// - Period n's date is counted FROM THE START DATE, never from the previous period: weekly adds 7 × n days; monthly,
//   quarterly, yearly and every N months add n × (1, 3, 12, N) months and clamp to the month's last day. A template
//   started Jan 31 runs Feb 28 (Feb 29 in a leap year), Mar 31, Apr 30: the 31st comes back whenever the month has one.
// - The first run is one period after the start date (firstRunDate): a run bills the period just ended, so a monthly
//   template started three months ago has three periods due today. A next run date set to the start date bills from
//   day one.
// - next_run_date is stored. The period it stands for is found from the start date: the n whose date it is. When a
//   user moved next_run_date off that grid (not any period's date), the grid starts again from next_run_date itself:
//   it is period 0 of a new grid with its own day (a template moved to the 15th runs on the 15th from then on).
// - A period is due when its date is on or before today, on or before the end date (inclusive), and the template has
//   runs left (runs_made + k < max_runs for the k-th period of this pass). After the due periods, the next run date
//   is the following grid date, or null when the template has ended (past its end date, or its runs all made).
import type { RecurringFrequency } from './enums.ts';

/** A YYYY-MM-DD calendar date ('2026-01-31'). */
export type LocalDate = string;

/** What the period maths needs from a template (db recurring_templates). */
export interface RecurrenceFacts {
  frequency: RecurringFrequency;
  /** For every_n_months: N (1 … 120); ignored otherwise. */
  everyMonths: number;
  startDate: LocalDate;
  /** The next period to run; null once the template has ended. */
  nextRunDate: LocalDate | null;
  endDate: LocalDate | null;
  maxRuns: number | null;
  runsMade: number;
}

/** How many months one period is; null for weekly (7 days). */
export function monthsPerPeriod(frequency: RecurringFrequency, everyMonths: number): number | null {
  switch (frequency) {
    case 'weekly':
      return null;
    case 'monthly':
      return 1;
    case 'quarterly':
      return 3;
    case 'yearly':
      return 12;
    case 'every_n_months':
      return Math.max(1, Math.trunc(everyMonths));
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const parts = (date: LocalDate) => {
  const [y, m, d] = date.split('-').map(Number);
  return { y: y!, m: m!, d: d! };
};
/** Days in a month (month 1 … 12). */
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** `date` plus whole months, the day clamped to the month's last day (Jan 31 + 1 month = Feb 28 or 29). */
export function addMonthsClamped(date: LocalDate, months: number): LocalDate {
  const { y, m, d } = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, daysInMonth(year, month)))}`;
}

function addDaysUtc(date: LocalDate, days: number): LocalDate {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** Period n's date (n = 0 is the start date itself), counted from the start date. */
export function periodDate(start: LocalDate, frequency: RecurringFrequency, everyMonths: number, n: number): LocalDate {
  const months = monthsPerPeriod(frequency, everyMonths);
  return months === null ? addDaysUtc(start, 7 * n) : addMonthsClamped(start, months * n);
}

/**
 * The grid `date` lies on: the start date and the period n whose date `date` is; or, when `date` is no period's date
 * (moved by hand), a new grid starting at `date` itself (n = 0).
 */
export function gridOf(
  start: LocalDate,
  frequency: RecurringFrequency,
  everyMonths: number,
  date: LocalDate,
): { anchor: LocalDate; n: number } {
  if (date >= start) {
    const months = monthsPerPeriod(frequency, everyMonths);
    const a = parts(start);
    const b = parts(date);
    const guess =
      months === null
        ? Math.floor(Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) / 7)
        : Math.floor((b.y * 12 + b.m - (a.y * 12 + a.m)) / months);
    if (guess >= 0 && periodDate(start, frequency, everyMonths, guess) === date) return { anchor: start, n: guess };
  }
  return { anchor: date, n: 0 };
}

/** Whether a period on `date` may still run: on or before the end date, and runs left (`runsBefore` already made). */
function withinLimits(facts: RecurrenceFacts, date: LocalDate, runsBefore: number): boolean {
  if (facts.endDate !== null && date > facts.endDate) return false;
  if (facts.maxRuns !== null && runsBefore >= facts.maxRuns) return false;
  return true;
}

/**
 * The next run date after the period on `facts.nextRunDate` has run (runs_made then being runsMade + 1): the next grid
 * date, or null when the template has ended. Null when it had already ended.
 */
export function nextRunAfter(facts: RecurrenceFacts): LocalDate | null {
  if (facts.nextRunDate === null) return null;
  const { anchor, n } = gridOf(facts.startDate, facts.frequency, facts.everyMonths, facts.nextRunDate);
  const next = periodDate(anchor, facts.frequency, facts.everyMonths, n + 1);
  return withinLimits(facts, next, facts.runsMade + 1) ? next : null;
}

/**
 * The first run date of a new template: one period after its start date (a run bills the period just ended: a
 * monthly template started Aug 21 first runs Sep 21), or null when it could never run (no runs, or ended before).
 * A user who bills from day one sets the next run date to the start date.
 */
export function firstRunDate(facts: Omit<RecurrenceFacts, 'nextRunDate' | 'runsMade'>): LocalDate | null {
  const first = periodDate(facts.startDate, facts.frequency, facts.everyMonths, 1);
  return withinLimits({ ...facts, nextRunDate: first, runsMade: 0 }, first, 0) ? first : null;
}

/** The most periods one pass works out (ten years of weekly runs): a guard against a template gone wrong. */
export const MAX_PERIODS_PER_PASS = 520;

/**
 * The periods due on `today` (oldest first) and the next run date after them (null: the template has ended). A stored
 * next run date already past the end date or the runs is due for nothing and ends the template.
 */
export function duePeriods(
  facts: RecurrenceFacts,
  today: LocalDate,
): { due: LocalDate[]; nextRunDate: LocalDate | null } {
  const due: LocalDate[] = [];
  let next = facts.nextRunDate;
  if (next !== null && !withinLimits(facts, next, facts.runsMade)) return { due, nextRunDate: null };
  while (next !== null && next <= today && due.length < MAX_PERIODS_PER_PASS) {
    due.push(next);
    next = nextRunAfter({ ...facts, nextRunDate: next, runsMade: facts.runsMade + due.length - 1 });
  }
  return { due, nextRunDate: next };
}
