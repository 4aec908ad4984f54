// Scanner settings: the schema the contract validates with and the parse of a stored value. Pure.
import { z } from 'zod';
import { DEFAULT_SCANNER_SETTINGS, type ScannerSettings } from './detector.ts';

export { DEFAULT_SCANNER_SETTINGS, type ScannerSettings };

const ms = (max: number) => z.number().int().min(0).max(max);

/** Scanner settings as stored and as accepted across the boundary. */
export const scannerSettingsSchema = z
  .strictObject({
    maxGapMs: ms(500).min(5),
    maxAvgGapMs: ms(500).min(5),
    minKeys: z.number().int().min(2).max(20),
    pauseToleranceMs: ms(3000),
    suffixKeys: z.array(z.enum(['Enter', 'NumpadEnter', 'Tab'])).max(3),
    prefixKey: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]{0,29}$/, 'a key code such as F9')
      .nullable(),
    endTimeoutMs: ms(3000),
  })
  .refine((s) => s.maxAvgGapMs <= s.maxGapMs, {
    message: 'The average gap cannot be larger than the largest gap.',
    path: ['maxAvgGapMs'],
  })
  .refine((s) => s.suffixKeys.length > 0 || s.endTimeoutMs > 0, {
    message: 'Without a suffix key, set an end timeout so scans can end.',
    path: ['endTimeoutMs'],
  })
  .refine((s) => s.endTimeoutMs === 0 || s.endTimeoutMs > s.maxGapMs, {
    message: 'The end timeout must be longer than the largest gap between keys.',
    path: ['endTimeoutMs'],
  }) satisfies z.ZodType<ScannerSettings>;

/** Stored settings merged over the defaults; a damaged value falls back to the defaults. */
export function parseStoredSettings(json: string | undefined): ScannerSettings {
  if (!json) return DEFAULT_SCANNER_SETTINGS;
  try {
    const parsed = scannerSettingsSchema.safeParse({ ...DEFAULT_SCANNER_SETTINGS, ...(JSON.parse(json) as object) });
    return parsed.success ? parsed.data : DEFAULT_SCANNER_SETTINGS;
  } catch {
    return DEFAULT_SCANNER_SETTINGS;
  }
}
