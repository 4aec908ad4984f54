// The recurring template editor's form: the values as typed, made from a saved template or Make recurring's draft,
// and read back into saveRecurring's input (a line's quantity or price that is not a number is said by line).
import type { RecurringAction, RecurringFrequency, TicketChargeOrder } from '../../core/enums.ts';
import type { RecurringLine, RecurringLineValues, RecurringValues } from '../../core/model.ts';
import { formatQtyMilli, parseQtyMilli } from '../../core/money.ts';
import type { Money } from '../components/ShopFormat.tsx';
import { emptyLine, type LineDraft } from './RecurringLines.tsx';

export type Ends = 'never' | 'date' | 'runs';

export interface TemplateForm {
  customer: { id: number; name: string } | null;
  frequency: RecurringFrequency;
  everyMonthsText: string;
  startDate: string;
  nextRunDate: string;
  ends: Ends;
  endDate: string;
  maxRunsText: string;
  terms: string;
  notes: string;
  action: RecurringAction;
  addTicketCharges: boolean;
  ticketStatusIds: number[];
  ticketChargeOrder: TicketChargeOrder;
  lines: LineDraft[];
}

export const blankForm = (today: string): TemplateForm => ({
  customer: null,
  frequency: 'monthly',
  everyMonthsText: '1',
  startDate: today,
  nextRunDate: '',
  ends: 'never',
  endDate: '',
  maxRunsText: '',
  terms: '',
  notes: '',
  action: 'draft',
  addTicketCharges: false,
  ticketStatusIds: [],
  ticketChargeOrder: 'ticket',
  lines: [],
});

export function formFrom(
  values: Omit<RecurringValues, 'lines'> & { lines: Array<RecurringLineValues & Partial<RecurringLine>> },
  customerName: string,
  money: Money,
): TemplateForm {
  const locale = money.format.locale;
  return {
    customer: { id: values.customerId, name: customerName },
    frequency: values.frequency,
    everyMonthsText: String(values.everyMonths),
    startDate: values.startDate,
    nextRunDate: values.nextRunDate ?? '',
    ends: values.endDate !== null ? 'date' : values.maxRuns !== null ? 'runs' : 'never',
    endDate: values.endDate ?? '',
    maxRunsText: values.maxRuns === null ? '' : String(values.maxRuns),
    terms: values.terms,
    notes: values.notes,
    action: values.action,
    addTicketCharges: values.addTicketCharges,
    ticketStatusIds: values.ticketStatusIds,
    ticketChargeOrder: values.ticketChargeOrder,
    lines: values.lines.map((l) => ({
      ...emptyLine(l.kind),
      productId: l.productId,
      productName: l.productName ?? null,
      serialized: l.serialized ?? false,
      description: l.description,
      qtyText: l.kind === 'standard' ? formatQtyMilli(l.qty, locale) : '1',
      priceText: money.input(l.unitPriceMinor),
      taxable: l.taxable,
      taxRateId: l.taxRateId,
      assetType: l.assetType,
      contactFieldId: l.contactFieldId,
      contactFieldValue: l.contactFieldValue,
    })),
  };
}

export type Reading = { ok: true; values: RecurringValues } | { ok: false; message: string };

/** The form as saveRecurring's values; the first thing that is not a number is said (the store checks the rest). */
export function readForm(form: TemplateForm, money: Money): Reading {
  if (!form.customer) return { ok: false, message: 'Choose the customer.' };
  const locale = money.format.locale;
  const everyMonths = Number(form.everyMonthsText);
  if (form.frequency === 'every_n_months' && !/^\d+$/.test(form.everyMonthsText.trim()))
    return { ok: false, message: 'Every how many months: enter a whole number from 1 to 120.' };
  if (!form.startDate) return { ok: false, message: 'Enter the start date.' };
  if (form.ends === 'date' && !form.endDate) return { ok: false, message: 'Enter the end date.' };
  const maxRuns = Number(form.maxRunsText);
  if (form.ends === 'runs' && !/^\d+$/.test(form.maxRunsText.trim()))
    return { ok: false, message: 'Enter after how many runs it ends (1 or more).' };
  const lines: RecurringLineValues[] = [];
  for (const [i, l] of form.lines.entries()) {
    const price = money.read(l.priceText);
    if (!price.ok) return { ok: false, message: `Line ${i + 1}: ${price.message}` };
    let qty = 0;
    if (l.kind === 'standard') {
      const read = parseQtyMilli(l.qtyText, locale);
      if (read === null || read <= 0)
        return { ok: false, message: `Line ${i + 1}: ${l.qtyText} is not a quantity above 0.` };
      qty = read;
    }
    lines.push({
      kind: l.kind,
      productId: l.productId,
      description: l.description,
      qty,
      unitPriceMinor: price.minor,
      taxable: l.taxable,
      taxRateId: l.taxRateId,
      assetType: l.kind === 'asset_counter' ? l.assetType : '',
      contactFieldId: l.kind === 'contact_counter' ? l.contactFieldId : null,
      contactFieldValue: l.kind === 'contact_counter' ? l.contactFieldValue : '',
    });
  }
  return {
    ok: true,
    values: {
      customerId: form.customer.id,
      frequency: form.frequency,
      everyMonths: form.frequency === 'every_n_months' ? everyMonths : 1,
      startDate: form.startDate,
      nextRunDate: form.nextRunDate || null,
      endDate: form.ends === 'date' ? form.endDate : null,
      maxRuns: form.ends === 'runs' ? maxRuns : null,
      terms: form.terms,
      notes: form.notes,
      action: form.action,
      addTicketCharges: form.addTicketCharges,
      ticketStatusIds: form.addTicketCharges ? form.ticketStatusIds : [],
      ticketChargeOrder: form.ticketChargeOrder,
      lines,
    },
  };
}
