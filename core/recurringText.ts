// Recurring invoices: words both sides say the same way (pure): a template's frequency as the list shows it, and the
// refusal of a serial-tracked product on a standard line, which the template editor shows as soon as one is added
// and the store gives when one is saved (db/services/recurringLines.ts).
import { recurringFrequencyLabel, type RecurringFrequency } from './enums.ts';

/** "Monthly", "Every 2 months", "Weekly". */
export function frequencyText(frequency: RecurringFrequency, everyMonths: number): string {
  if (frequency !== 'every_n_months') return recurringFrequencyLabel[frequency];
  return everyMonths === 1 ? 'Monthly' : `Every ${everyMonths} months`;
}

/** "laptops" from "Laptop": the message speaks of the units as the customer's things. */
const pluralType = (type: string) => {
  const lower = type.trim().toLowerCase();
  return /(s|x|ch|sh)$/.test(lower) ? `${lower}es` : `${lower}s`;
};

/** Why a serial-tracked product cannot be a standard recurring line; assetType: the product's ('' : "devices"). */
export const serializedLineMessage = (productName: string, assetType = '') =>
  `${productName} is serial-tracked: a recurring sale of a unit makes no sense. Bill a service or a non-serialized ` +
  `product, or count the customer's ${pluralType(assetType || 'device')} with an asset counter.`;
