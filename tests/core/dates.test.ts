import { describe, expect, it } from 'vitest';
import { formatDateTime, formatTime, parseInstant } from '../../core/dates.ts';

describe('formatDateTime', () => {
  it('shows a stored UTC time in the local time zone, not as if UTC were local', () => {
    const at = '2026-11-21T03:21:18.699Z';
    expect(formatDateTime(at, 'en-US', { timeZone: 'America/New_York' })).toBe('Nov 20, 2026, 10:21 PM');
    expect(formatDateTime(at, 'de-DE', { timeZone: 'Europe/Berlin' })).toBe('21.11.2026, 04:21');
    expect(formatDateTime(at, 'ja-JP', { timeZone: 'Asia/Tokyo' })).toBe('2026/11/21 12:21');
    expect(formatTime(at, 'en-US', { timeZone: 'America/New_York' })).toBe('10:21:18 PM');
  });

  it('uses the local time zone by default (TZ)', () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(formatDateTime('2026-11-21T03:21:18Z', 'en-US')).toBe('Nov 20, 2026, 10:21 PM');
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('reads a time without a zone as UTC, and shows text that is no time as it is', () => {
    expect(parseInstant('2026-11-21 03:21:18')?.toISOString()).toBe('2026-11-21T03:21:18.000Z');
    expect(parseInstant('2026-11-21T05:21:18+02:00')?.toISOString()).toBe('2026-11-21T03:21:18.000Z');
    expect(parseInstant('2026-11-21')).toBeNull(); // a calendar date is no instant
    expect(formatDateTime('soon', 'en-US')).toBe('soon');
  });

  it('survives a locale or time zone Intl refuses', () => {
    expect(formatDateTime('2026-11-21T03:21:18Z', 'en-US', { timeZone: 'Mars/Olympus' })).toMatch(/2026/);
  });
});
