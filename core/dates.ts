// Times as the user reads them: in the local time zone (or the one given), written the shop's
// locale's way. Stored times are instants in UTC (ISO 8601 with Z); slicing the text would show UTC
// as if it were local. Calendar dates (an invoice's 'YYYY-MM-DD') are not instants and are never
// shifted by a time zone: they are shown as they are stored. Pure.

export interface TimeOptions {
  /** An IANA time zone (America/New_York); default: the user's own. */
  timeZone?: string;
}

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, options);
  } catch {
    // A locale or time zone Intl does not accept: the default locale, the user's own zone.
    const { timeZone: _ignored, ...rest } = options;
    return new Intl.DateTimeFormat('en-US', rest);
  }
}

/**
 * A stored instant: ISO 8601 with its zone ('2026-11-21T03:21:18.699Z'). One with no zone
 * ('2026-11-21 03:21:18', as SQLite's datetime() writes) is UTC. Null when it is no time.
 */
export function parseInstant(at: string | Date): Date | null {
  if (at instanceof Date) return Number.isNaN(at.getTime()) ? null : at;
  const text = at.trim().replace(' ', 'T');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return null;
  const date = new Date(/(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * "Nov 20, 2026, 10:21 PM" (en-US, New York) for 2026-11-21T03:21Z; "21.11.2026, 04:21" (de-DE, Berlin). Text that is
 * no time is shown as it is.
 */
export function formatDateTime(at: string | Date, locale: string, options: TimeOptions = {}): string {
  const date = parseInstant(at);
  if (!date) return String(at);
  return dateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  }).format(date);
}

/** The time of day alone, with seconds ("10:21:18 PM"): for a log of what happened today. */
export function formatTime(at: string | Date, locale: string, options: TimeOptions = {}): string {
  const date = parseInstant(at);
  if (!date) return String(at);
  return dateTimeFormat(locale, {
    timeStyle: 'medium',
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  }).format(date);
}

/** The calendar day of an instant in the machine's local time zone, as YYYY-MM-DD (what "today" means at the shop). */
export function localDate(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}`;
}

/** A YYYY-MM-DD date plus whole days (negative goes back), as YYYY-MM-DD: calendar arithmetic, no time zone. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (YYYY-MM-DD each): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Why a From–To date filter (YYYY-MM-DD each, either may be absent) can match nothing, or null when it is fine. */
export function dateRangeProblem(from: string | undefined, to: string | undefined): string | null {
  return from && to && from > to
    ? `From (${from}) is after To (${to}): choose a From date on or before the To date.`
    : null;
}
