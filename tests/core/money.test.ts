import { describe, expect, it } from 'vitest';
import {
  currencyDigits,
  formatMoney,
  formatQuantity,
  moneyFormat,
  parseMoney,
  parseImportedMoney,
  parseQtyMilli,
  parseQuantity,
  readRateBp,
  checkCurrency,
  checkLocale,
  readMoney,
  MAX_UNIT_PRICE_MINOR,
  type MoneyFormat,
} from '../../core/money.ts';

const us: MoneyFormat = { currency: 'USD', locale: 'en-US' };
const de: MoneyFormat = { currency: 'EUR', locale: 'de-DE' };
const fr: MoneyFormat = { currency: 'EUR', locale: 'fr-FR' };
const jp: MoneyFormat = { currency: 'JPY', locale: 'ja-JP' };
/** Intl writes fr-FR groups with a narrow no-break space (U+202F) and puts a no-break space before €. */
const plain = (text: string) => text.replace(/[\u00A0\u202F]/g, ' ');

describe('formatMoney', () => {
  it('keeps en-US output as it was: grouped, two decimals, no symbol in cells', () => {
    expect(formatMoney(124_900, us)).toBe('1,249.00');
    expect(formatMoney(5, us)).toBe('0.05');
    expect(formatMoney(0, us)).toBe('0.00');
    expect(formatMoney(-136_416, us)).toBe('-1,364.16');
    expect(formatMoney(Number.MAX_SAFE_INTEGER, us)).toBe('90,071,992,547,409.91'); // exact, no floating-point rounding
  });

  it('writes each locale its own way, with the symbol only when asked', () => {
    expect(formatMoney(124_950, de)).toBe('1.249,50');
    expect(plain(formatMoney(124_950, fr))).toBe('1 249,50');
    expect(formatMoney(124_950, us, { symbol: true })).toBe('$1,249.50');
    expect(plain(formatMoney(124_950, de, { symbol: true }))).toBe('1.249,50 €');
    expect(plain(formatMoney(124_950, fr, { symbol: true }))).toBe('1 249,50 €');
  });

  it('takes the minor digits from the currency: JPY has none, KWD three', () => {
    expect([currencyDigits('USD'), currencyDigits('EUR'), currencyDigits('JPY'), currencyDigits('KWD')]).toEqual([
      2, 2, 0, 3,
    ]);
    expect(formatMoney(1250, jp)).toBe('1,250');
    expect(formatMoney(1250, jp, { symbol: true })).toMatch(/^[¥￥]1,250$/);
    expect(formatMoney(1_234_567, { currency: 'KWD', locale: 'en-US' })).toBe('1,234.567');
  });

  it('writes the text an amount field starts with: no group separators', () => {
    expect(formatMoney(124_900, us, { grouping: false })).toBe('1249.00');
    expect(formatMoney(124_950, de, { grouping: false })).toBe('1249,50');
    expect(formatMoney(1_250, jp, { grouping: false })).toBe('1250');
  });

  it('falls back to USD / en-US for a setting Intl does not know, instead of failing the screen', () => {
    expect(moneyFormat('dollars', 'not a locale!')).toEqual(us);
    expect(moneyFormat('eur', 'de-DE')).toEqual(de);
    expect(formatMoney(100, { currency: '', locale: '' })).toBe('1.00');
  });
});

describe('parseMoney', () => {
  it('reads en-US as before', () => {
    expect(parseMoney('1,249', us)).toBe(124_900);
    expect(parseMoney('1249.5', us)).toBe(124_950);
    expect(parseMoney('19.99', us)).toBe(1999);
    expect(parseMoney(' .5 ', us)).toBe(50);
    expect(parseMoney('-3', us)).toBe(-300);
    expect(parseMoney('$1,249.00', us)).toBe(124_900);
    for (const bad of ['', '-', 'abc', '1.999', '1.2.3', '12,99', '1234,567', '1 249', '99999999999999999'])
      expect(parseMoney(bad, us), bad).toBeNull();
  });

  it('reads de-DE: comma decimals, dot groups; a dot where no group can be is refused, not read as thousands', () => {
    expect(parseMoney('1.249,50', de)).toBe(124_950);
    expect(parseMoney('1249,5', de)).toBe(124_950);
    expect(parseMoney('1.249', de)).toBe(124_900);
    expect(parseMoney('1.249,50 €', de)).toBe(124_950);
    expect(parseMoney('1.234.567,89', de)).toBe(123_456_789);
    expect(parseMoney('12.99', de)).toBeNull();
    expect(parseMoney('1249.50', de)).toBeNull();
  });

  it('reads fr-FR with any kind of space as the group separator', () => {
    expect(parseMoney('1 249,50', fr)).toBe(124_950);
    expect(parseMoney('1\u202F249,50\u00A0€', fr)).toBe(124_950);
    expect(parseMoney(formatMoney(98_765_432, fr, { symbol: true }), fr)).toBe(98_765_432);
    expect(parseMoney('1,5', fr)).toBe(150);
  });

  it('reads ja-JP / JPY in whole yen, fullwidth digits too; decimals are refused', () => {
    expect(parseMoney('1,250', jp)).toBe(1250);
    expect(parseMoney('￥1,250', jp)).toBe(1250);
    expect(parseMoney('１２５０', jp)).toBe(1250);
    expect(parseMoney('1250.5', jp)).toBeNull();
  });

  it('reads back whatever formatMoney wrote', () => {
    for (const format of [
      us,
      de,
      fr,
      jp,
      { currency: 'INR', locale: 'en-IN' },
      { currency: 'CHF', locale: 'de-CH' },
      { currency: 'EGP', locale: 'ar-EG' },
    ]) {
      for (const minor of [0, 7, 124_950, -55_500, 9_876_543_210]) {
        for (const style of [{}, { symbol: true }, { grouping: false }]) {
          expect(
            parseMoney(formatMoney(minor, format, style), format),
            `${format.locale} ${minor} ${JSON.stringify(style)}`,
          ).toBe(minor);
        }
      }
    }
  });
});

describe('readMoney: the one reading of an amount field', () => {
  const refused = (text: string, format: MoneyFormat) => {
    const reading = readMoney(text, format);
    if (reading.ok) throw new Error(`${text} was read as ${reading.minor}`);
    return reading.message.replace(/[\u00A0\u202F]/g, ' ');
  };

  it('refuses 12,50 in en-US (never 1250.00), saying how to write it; de-DE reads it as 12.50', () => {
    expect(refused('12,50', us)).toBe('12,50 is not an amount in en-US: write 12.50 (the decimal separator is “.”).');
    expect(readMoney('12,50', de)).toEqual({ ok: true, minor: 1250 });
    expect(refused('12.99', de)).toBe('12.99 is not an amount in de-DE: write 12,99 (the decimal separator is “,”).');
    expect(refused('12.50', fr)).toBe('12.50 is not an amount in fr-FR: write 12,50 (the decimal separator is “,”).');
    expect(refused('1.234,50', us)).toBe(
      '1.234,50 is not an amount in en-US: write 1,234.50 (the decimal separator is “.”).',
    );
    expect(refused('$12,5', us)).toBe('$12,5 is not an amount in en-US: write 12.50 (the decimal separator is “.”).');
  });

  it('accepts a text ambiguous in the locale only with its group separator in the right place', () => {
    expect(readMoney('1,234', us)).toEqual({ ok: true, minor: 123_400 });
    expect(readMoney('1,234,567.8', us)).toEqual({ ok: true, minor: 123_456_780 });
    expect(readMoney('1.234', de)).toEqual({ ok: true, minor: 123_400 });
    expect(refused('1,2345', us)).toBe(
      '1,2345 is not an amount in en-US: “,” groups the digits of thousands and “.” marks the decimals, as in 1,234,567.89.',
    );
    expect(refused('12,34,567', us)).toMatch(/^12,34,567 is not an amount in en-US: “,” groups/);
    expect(refused('1 2345,5', fr)).toBe(
      '1 2345,5 is not an amount in fr-FR: a space groups the digits of thousands and “,” marks the decimals, as in 1 234 567,89.',
    );
  });

  it('says how many decimals the currency has', () => {
    expect(refused('12.345', us)).toBe(
      '12.345 is not an amount in en-US: “.” is the decimal separator and USD amounts have at most 2 decimals, as in 1,234,567.89.',
    );
    expect(refused('1,234', de)).toBe(
      '1,234 is not an amount in de-DE: “,” is the decimal separator and EUR amounts have at most 2 decimals, as in 1.234.567,89.',
    );
    expect(refused('12.5', jp)).toBe('12.5 is not an amount in ja-JP: JPY amounts have no decimals, as in 1,234.');
  });

  it('refuses an empty field, a negative amount and one above the maximum; anything else says how to write it', () => {
    expect(refused(' ', us)).toBe('Enter an amount, as in 1,234,567.89.');
    expect(refused('-5', us)).toBe('-5 is below zero: enter 0 or more.');
    expect(readMoney('-5', us, { negative: true })).toEqual({ ok: true, minor: -500 });
    expect(readMoney('200,000,000', us, { max: MAX_UNIT_PRICE_MINOR })).toEqual({
      ok: false,
      message: '200,000,000 is more than the largest amount accepted, 100,000,000.00.',
    });
    expect(refused('abc', us)).toBe('abc is not an amount in en-US: write it as in 1,234,567.89.');
  });

  it('reads what parseMoney reads', () => {
    for (const [text, format] of [
      ['1,249.50', us],
      ['1.249,50 €', de],
      ['1\u202F249,50', fr],
      ['１２５０', jp],
    ] as const)
      expect(readMoney(text, format)).toEqual({ ok: true, minor: parseMoney(text, format) });
  });
});

describe('the currency and locale settings', () => {
  it('take an ISO 4217 code Intl knows, in any case', () => {
    expect(checkCurrency(' eur ')).toEqual({ ok: true, currency: 'EUR' });
    expect(checkCurrency('XYZ')).toEqual({
      ok: false,
      message: 'XYZ is not a currency this app knows: enter an ISO 4217 code, such as USD, EUR or GBP.',
    });
    expect(checkCurrency('Euro')).toEqual({
      ok: false,
      message: 'Euro is not a currency code: enter three letters, such as USD, EUR or GBP.',
    });
    expect(checkCurrency('')).toEqual({ ok: false, message: 'Enter a currency code, such as USD, EUR or GBP.' });
  });

  it('take a BCP 47 locale Intl supports, in canonical form', () => {
    expect(checkLocale('de-de')).toEqual({ ok: true, locale: 'de-DE' });
    expect(checkLocale('en_US')).toEqual({ ok: false, message: 'en_US is not a locale: write en-US.' });
    expect(checkLocale('english')).toEqual({
      ok: false,
      message: 'english is not a locale this app knows: enter a language and region such as en-US, de-DE or fr-FR.',
    });
  });
});

describe('quantities', () => {
  it('are whole numbers from 0 to 100,000, typed with or without the locale group separators', () => {
    expect(parseQuantity(' 5 ')).toBe(5);
    expect(parseQuantity('1,000')).toBe(1000);
    expect(parseQuantity('1.000', 'de-DE')).toBe(1000);
    expect(parseQuantity('０')).toBe(0);
    for (const bad of ['', '1.5', '-1', '1e2', '0x10', '100001', 'two']) expect(parseQuantity(bad), bad).toBeNull();
    expect(formatQuantity(100_000)).toBe('100,000');
    expect(formatQuantity(100_000, 'de-DE')).toBe('100.000');
  });
});

describe('a leading 0 before a group separator (no locale writes it): refused, never read 1000× too big', () => {
  const message = (text: string, format: MoneyFormat) => {
    const reading = readMoney(text, format);
    if (reading.ok) throw new Error(`${text} was read as ${reading.minor}`);
    return reading.message.replace(/[\u00A0\u202F]/g, ' ');
  };

  it('refuses 0,500, 0,050 and 00,001 in en-US, saying how they would read and how to write the decimal', () => {
    for (const text of ['0,500', '0,050', '00,001', '012,345', '0,500.25'])
      expect(parseMoney(text, us), text).toBeNull();
    expect(message('0,500', us)).toBe(
      '0,500 is not an amount in en-US: “,” groups the digits of thousands and never follows a leading 0. Write 500.00, or 0.50 (the decimal separator is “.”).',
    );
    expect(message('0,050', us)).toBe(
      '0,050 is not an amount in en-US: “,” groups the digits of thousands and never follows a leading 0. Write 50.00, or 0.05 (the decimal separator is “.”).',
    );
    expect(message('00,001', us)).toBe(
      '00,001 is not an amount in en-US: “,” groups the digits of thousands and never follows a leading 0. Write 1.00.',
    );
    expect(message('0,500.25', us)).toMatch(/never follows a leading 0\. Write 500\.25\.$/);
  });

  it('refuses 0.500 in de-DE and 0 500 in fr-FR the same way', () => {
    expect(parseMoney('0.500', de)).toBeNull();
    expect(message('0.500', de)).toBe(
      '0.500 is not an amount in de-DE: “.” groups the digits of thousands and never follows a leading 0. Write 500,00, or 0,50 (the decimal separator is “,”).',
    );
    expect(message('0 500', fr)).toBe(
      '0 500 is not an amount in fr-FR: a space groups the digits of thousands and never follows a leading 0. Write 500,00, or 0,50 (the decimal separator is “,”).',
    );
  });

  it('keeps the other readings: a lone 0,5 in en-US is refused as before, 0.5, 0 and grouped thousands are read', () => {
    expect(message('0,5', us)).toBe('0,5 is not an amount in en-US: write 0.50 (the decimal separator is “.”).');
    expect(message('0,50', us)).toBe('0,50 is not an amount in en-US: write 0.50 (the decimal separator is “.”).');
    expect(readMoney('0.5', us)).toEqual({ ok: true, minor: 50 });
    expect(readMoney('0', us)).toEqual({ ok: true, minor: 0 });
    expect(readMoney('1,234', us)).toEqual({ ok: true, minor: 123_400 });
    expect(readMoney('10,500', us)).toEqual({ ok: true, minor: 1_050_000 });
    expect(readMoney('0,5', de)).toEqual({ ok: true, minor: 50 });
    expect(readMoney('1.001', de)).toEqual({ ok: true, minor: 100_100 });
    // In KWD (3 decimals) 0,500 reads as a decimal written the other way: the message says so.
    expect(message('0,500', { currency: 'KWD', locale: 'en-US' })).toBe(
      '0,500 is not an amount in en-US: write 0.500 (the decimal separator is “.”).',
    );
  });

  it('refuses de-DE quantities 0.250 and 0.001 (not 250 and 1 units), and a 0.005 tax rate (not 5 %)', () => {
    expect(parseQtyMilli('0.250', 'de-DE')).toBeNull();
    expect(parseQtyMilli('0.001', 'de-DE')).toBeNull();
    expect(parseQuantity('0.001', 'de-DE')).toBeNull();
    expect(parseQuantity('0,005', 'en-US')).toBeNull();
    expect(parseQtyMilli('0,250', 'de-DE')).toBe(250);
    expect(parseQtyMilli('1.250', 'de-DE')).toBe(1_250_000);
    expect(parseQuantity('1.000', 'de-DE')).toBe(1000);
    expect(readRateBp('0.005', 'de-DE')).toEqual({
      ok: false,
      message: '0.005 is not a rate: enter a percentage from 0 to 100 with up to 2 decimals, like 7,5.',
    });
    expect(readRateBp('0,5', 'de-DE')).toEqual({ ok: true, bp: 50 });
  });
});

describe('parseImportedMoney: a price in a file that may come from elsewhere', () => {
  const kwd: MoneyFormat = { currency: 'KWD', locale: 'en-US' };

  it('reads 12.99 and 12,99 as 12.99 whatever the locale, and what the shop screens read', () => {
    for (const format of [us, de, fr]) {
      expect(parseImportedMoney('12.99', format), format.locale).toBe(1299);
      expect(parseImportedMoney('12,99', format), format.locale).toBe(1299);
    }
    expect(parseImportedMoney('1,234', us)).toBe(123_400);
    expect(parseImportedMoney('1,234.50', us)).toBe(123_450);
    expect(parseImportedMoney('1.234,50', de)).toBe(123_450);
    expect(parseImportedMoney('39', us)).toBe(3900);
  });

  it("uses the currency's minor digits: JPY whole yen, KWD three decimals", () => {
    expect(parseImportedMoney('1250', jp)).toBe(1250);
    expect(parseImportedMoney('1,250', jp)).toBe(1250);
    expect(parseImportedMoney('1250', { currency: 'JPY', locale: 'en-US' })).toBe(1250);
    expect(parseImportedMoney('1.5', kwd)).toBe(1500);
    expect(parseImportedMoney('1,5', kwd)).toBe(1500);
    expect(parseImportedMoney('0,500', kwd)).toBe(500);
  });

  it('refuses too many decimals, a leading 0 group, negative amounts and text; never guesses thousands', () => {
    for (const [text, format] of [
      ['12.999', us],
      ['12,999', de],
      ['1.234', us], // 1.234 is 3 decimals in en-US, never 1,234.00
      ['1,234', de],
      ['0,500', us],
      ['00,001', us],
      ['1250.5', jp],
      ['1250,00', jp],
      ['1.2345', kwd],
      ['-5', us],
      ['', us],
      ['abc', us],
      ['1.2.3', us],
    ] as const)
      expect(parseImportedMoney(text, format), `${text} ${format.currency} ${format.locale}`).toBeNull();
  });
});
