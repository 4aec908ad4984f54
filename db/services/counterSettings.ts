// Settings of the counter (Settings → Counter): negative stock, scan sound, receipts and printer, the discount limit
// and the return window. One JSON value in the settings table; missing keys take their defaults.
import { z } from 'zod';
import { counterSettingsInput } from '../../core/contract.ts';
import type { CounterSettings } from '../../core/model.ts';
import type { ReadCtx, WriteCtx } from './context.ts';
import { getSetting, putSetting } from './settings.ts';

const KEY = 'counter';

export const DEFAULT_COUNTER_SETTINGS: CounterSettings = {
  allowNegativeStock: false,
  scanSound: true,
  receiptWidth: '80',
  receiptPrinter: '',
  silentPrint: false,
  discountLimitBp: 1000,
  returnWindowDays: 30,
  receiptFooter: 'Thank you!',
};

export async function getCounterSettings(ctx: ReadCtx): Promise<CounterSettings> {
  const stored = await getSetting(ctx, KEY);
  if (stored === undefined) return { ...DEFAULT_COUNTER_SETTINGS };
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return { ...DEFAULT_COUNTER_SETTINGS };
  }
  // Each stored key is kept when it is still valid; anything else falls back to its default.
  const merged = { ...DEFAULT_COUNTER_SETTINGS };
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!(k in merged)) continue;
      const one = counterSettingsInput.shape[k as keyof CounterSettings].safeParse(v);
      if (one.success) (merged as Record<string, unknown>)[k] = one.data;
    }
  }
  return merged;
}

export async function saveCounterSettings(
  ctx: WriteCtx,
  input: z.output<typeof counterSettingsInput>,
): Promise<CounterSettings> {
  await putSetting(ctx, KEY, JSON.stringify(input));
  return getCounterSettings(ctx);
}
