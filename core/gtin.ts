// GTIN arithmetic: pure, shared by the store (barcode lookups) and the scanner classifier.

/** GTIN check digit (GTIN-8/12/13/14): weights 3,1,3… from the right, check digit excluded. */
export function gtinCheckDigitValid(digits: string): boolean {
  if (!/^\d{8}$|^\d{12,14}$/.test(digits)) return false;
  let sum = 0;
  const body = digits.slice(0, -1);
  for (let i = 0; i < body.length; i++) {
    const d = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10 === Number(digits.at(-1));
}

/** The ways a GTIN may be stored as a product barcode: GTIN-14 and its shorter forms without leading zeros. */
export function gtinForms(gtin: string): string[] {
  const g14 = gtin.padStart(14, '0');
  return [14, 13, 12, 8].filter((n) => /^0*$/.test(g14.slice(0, 14 - n))).map((n) => g14.slice(14 - n));
}
