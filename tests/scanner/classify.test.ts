import { describe, expect, it } from 'vitest';
import { classify, gs1Date, gtinCheckDigitValid, gtinForms, parseElementString } from '../../core/scan/classify.ts';

const GS = '\u001d';

describe('GTIN check digits (SCANNING.md vectors)', () => {
  it.each([
    ['5901234123457', true],
    ['5901234123458', false],
    ['02345673', true],
    ['12345673', false],
    ['12345678901231', true],
    ['12345678901232', false],
    ['0012345678905', true],
    ['4006381333931', true],
  ])('%s → %s', (gtin, valid) => expect(gtinCheckDigitValid(gtin)).toBe(valid));
});

describe('classify', () => {
  it('parses the GS1 DataMatrix vector with its AIM identifier', () => {
    expect(classify(`]d2011231231231233310ABC123${GS}99TESTING`)).toMatchObject({
      kind: 'gs1',
      gtin: '12312312312333',
      ais: { '01': '12312312312333', '10': 'ABC123', '99': 'TESTING' },
      checkDigit: true,
    });
  });

  it('parses GTIN + serial + expiry + lot and reads DD=00 as the last day of the month', () => {
    const c = classify(`015031170462001821123456789012${GS}1718053110S12345`);
    expect(c).toMatchObject({
      kind: 'gs1',
      gtin: '50311704620018',
      serial: '123456789012',
      expiry: '2018-05-31',
      ais: { '10': 'S12345', '17': '180531' },
    });
    expect(gs1Date('240200')).toBe('2024-02-29');
    expect(gs1Date('251300')).toBeUndefined();
  });

  it('parses a GS1 Digital Link URI', () => {
    expect(classify('https://a/01/12312312312333/22/TEST/10/ABC/21/XYZ')).toMatchObject({
      kind: 'gs1',
      source: 'digital-link',
      gtin: '12312312312333',
      serial: 'XYZ',
      ais: { '01': '12312312312333', '22': 'TEST', '10': 'ABC', '21': 'XYZ' },
    });
    expect(classify('https://example.com/products/42')).toMatchObject({ kind: 'code' });
  });

  it('keeps unknown AIs and takes the 11 (production date) AI', () => {
    expect(classify(`011231231231233311991231${GS}`)).toMatchObject({ kind: 'gs1', ais: { '11': '991231' } });
    expect(parseElementString(`011231231231233311250101${GS}9812345`)).toEqual({
      '01': '12312312312333',
      '11': '250101',
      '98': '12345',
    });
  });

  it('takes SN: in any case with spaces trimmed', () => {
    expect(classify('  sn:  DL5440-0001 ')).toEqual({
      kind: 'serial',
      text: 'sn:  DL5440-0001',
      serial: 'DL5440-0001',
    });
    expect(classify(']C0SN:X1')).toMatchObject({ kind: 'serial', serial: 'X1' });
  });

  it('takes a GTIN with a valid check digit, and reports a bad one instead of searching it silently', () => {
    expect(classify('5901234123457')).toEqual({ kind: 'gtin', text: '5901234123457', gtin: '5901234123457' });
    expect(classify('02345673')).toMatchObject({ kind: 'gtin' });
    expect(classify('5901234123458')).toEqual({ kind: 'code', text: '5901234123458', checkDigit: false });
  });

  it('leaves anything else as a plain code', () => {
    expect(classify('LAT-5440')).toEqual({ kind: 'code', text: 'LAT-5440' });
    expect(classify('12345')).toEqual({ kind: 'code', text: '12345' });
  });

  it('lists the stored forms of a GTIN', () => {
    expect(gtinForms('05901234123457')).toEqual(['05901234123457', '5901234123457']);
    expect(gtinForms('00000002345673')).toEqual(['00000002345673', '0000002345673', '000002345673', '02345673']);
  });
});
