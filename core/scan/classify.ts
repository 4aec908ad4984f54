// One classification for every code: scans from the detector and codes typed into the item search.
// Pure: shared by main, renderer and the replay tool.

import { gtinCheckDigitValid } from '../gtin.ts';

export { gtinCheckDigitValid, gtinForms } from '../gtin.ts';

export const GS = '\u001d';

export type Classified =
  | { kind: 'serial'; text: string; serial: string }
  | {
      kind: 'gs1';
      text: string;
      gtin?: string;
      serial?: string;
      ais: Record<string, string>;
      expiry?: string;
      checkDigit?: boolean;
      source: 'element-string' | 'digital-link';
    }
  | { kind: 'gtin'; text: string; gtin: string }
  | { kind: 'code'; text: string; checkDigit?: false };

/** AIM symbology identifiers: "]" + code letter + modifier. GS1 ones mean "the data is a GS1 element string". */
const AIM = /^\][A-Za-z][0-9A-Za-z]/;
const GS1_AIMS = new Set([']C1', ']d2', ']Q3', ']e0', ']J1']);

export function stripAim(raw: string): { text: string; aim: string | null } {
  const match = AIM.exec(raw);
  return match ? { text: raw.slice(3), aim: match[0] } : { text: raw, aim: null };
}

/**
 * Fixed-length AIs by their first two digits (GS1 General Specifications, "predefined length"); AI length in digits +
 * data length.
 */
const FIXED: Record<string, { ai: number; data: number }> = {
  '00': { ai: 2, data: 18 },
  '01': { ai: 2, data: 14 },
  '02': { ai: 2, data: 14 },
  '03': { ai: 2, data: 14 },
  '04': { ai: 2, data: 16 },
  '11': { ai: 2, data: 6 },
  '12': { ai: 2, data: 6 },
  '13': { ai: 2, data: 6 },
  '14': { ai: 2, data: 6 },
  '15': { ai: 2, data: 6 },
  '16': { ai: 2, data: 6 },
  '17': { ai: 2, data: 6 },
  '18': { ai: 2, data: 6 },
  '19': { ai: 2, data: 6 },
  '20': { ai: 2, data: 2 },
  '31': { ai: 4, data: 6 },
  '32': { ai: 4, data: 6 },
  '33': { ai: 4, data: 6 },
  '34': { ai: 4, data: 6 },
  '35': { ai: 4, data: 6 },
  '36': { ai: 4, data: 6 },
  '41': { ai: 3, data: 13 },
};
/** Variable-length AIs whose AI is longer than two digits, by their first two digits. */
const VARIABLE_AI_LENGTH: Record<string, number> = {
  '23': 3,
  '24': 3,
  '25': 3,
  '39': 4,
  '40': 3,
  '42': 3,
  '43': 4,
  '70': 4,
  '71': 3,
  '72': 4,
  '80': 4,
  '81': 4,
  '82': 4,
};

/** Parses a GS1 element string (FNC1 as GS). Returns null when it does not parse. */
export function parseElementString(data: string): Record<string, string> | null {
  const ais: Record<string, string> = {};
  let i = data.startsWith(GS) ? 1 : 0;
  while (i < data.length) {
    const head = data.slice(i, i + 2);
    if (!/^\d\d$/.test(head)) return null;
    const fixed = FIXED[head];
    if (fixed) {
      const ai = data.slice(i, i + fixed.ai);
      const value = data.slice(i + fixed.ai, i + fixed.ai + fixed.data);
      if (!/^\d+$/.test(ai) || value.length !== fixed.data || value.includes(GS)) return null;
      ais[ai] = value;
      i += fixed.ai + fixed.data;
      if (data[i] === GS) i++; // a GS after a fixed field is tolerated
      continue;
    }
    const aiLength = VARIABLE_AI_LENGTH[head] ?? 2;
    const ai = data.slice(i, i + aiLength);
    if (!/^\d+$/.test(ai) || ai.length !== aiLength) return null;
    const end = data.indexOf(GS, i + aiLength);
    const value = data.slice(i + aiLength, end === -1 ? data.length : end);
    if (value.length === 0) return null;
    ais[ai] = value;
    i = end === -1 ? data.length : end + 1;
  }
  return Object.keys(ais).length > 0 ? ais : null;
}

/**
 * YYMMDD → YYYY-MM-DD; DD = 00 means the last day of that month. Century per GS1 (sliding window simplified to
 * 2000–2099 vs 1951+).
 */
export function gs1Date(yymmdd: string): string | undefined {
  if (!/^\d{6}$/.test(yymmdd)) return undefined;
  const yy = Number(yymmdd.slice(0, 2));
  const year = yy >= 51 ? 1900 + yy : 2000 + yy;
  const month = Number(yymmdd.slice(2, 4));
  let day = Number(yymmdd.slice(4, 6));
  if (month < 1 || month > 12) return undefined;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day === 0) day = last;
  if (day > last) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function gs1Result(text: string, ais: Record<string, string>, source: 'element-string' | 'digital-link'): Classified {
  const gtin = ais['01'];
  const expiry = ais['17'] ? gs1Date(ais['17']) : undefined;
  return {
    kind: 'gs1',
    text,
    ais,
    source,
    ...(gtin ? { gtin, checkDigit: gtinCheckDigitValid(gtin) } : {}),
    ...(ais['21'] ? { serial: ais['21'] } : {}),
    ...(expiry ? { expiry } : {}),
  };
}

function parseDigitalLink(text: string): Record<string, string> | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const parts = url.pathname
    .split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  const start = parts.findIndex((p, i) => p === '01' && /^\d{8,14}$/.test(parts[i + 1] ?? ''));
  if (start === -1) return null;
  const ais: Record<string, string> = {};
  for (let i = start; i + 1 < parts.length; i += 2) {
    if (!/^\d{2,4}$/.test(parts[i]!)) return null;
    ais[parts[i]!] = parts[i + 1]!;
  }
  for (const [key, value] of url.searchParams) if (/^\d{2,4}$/.test(key)) ais[key] = value;
  if (ais['01']) ais['01'] = ais['01'].padStart(14, '0');
  return ais;
}

/**
 * In order: strip an AIM identifier; SN: serial; GS1 Digital Link; GS1 element string; GTIN with
 * a valid check digit; anything else is a plain code for the item search.
 */
export function classify(raw: string): Classified {
  const { text: stripped, aim } = stripAim(raw.replace(/[\r\n]+$/, ''));
  const text = stripped.trim();
  const sn = /^sn:\s*/i.exec(text);
  if (sn) return { kind: 'serial', text, serial: text.slice(sn[0].length).trim() };

  const link = /^https?:\/\//i.test(text) ? parseDigitalLink(text) : null;
  if (link) return gs1Result(text, link, 'digital-link');

  const looksGs1 =
    (aim !== null && GS1_AIMS.has(aim)) || text.includes(GS) || (/^01\d{14}/.test(text) && text.length >= 16);
  if (looksGs1) {
    const ais = parseElementString(text);
    if (ais) return gs1Result(text, ais, 'element-string');
  }

  if (/^\d{8}$|^\d{12,14}$/.test(text)) {
    return gtinCheckDigitValid(text) ? { kind: 'gtin', text, gtin: text } : { kind: 'code', text, checkDigit: false };
  }
  return { kind: 'code', text };
}
