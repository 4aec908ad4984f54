// Recurring invoices: a template's lines checked before they are saved (db/migrations/0010_recurring.ts). A standard
// line is a flat fee (a product or a manual item, quantity above 0, never a serial-tracked product: a recurring sale
// of a unit makes no sense); an asset counter names the asset type it counts; a contact counter optionally a
// contact custom field and the value it must hold. Counter quantities are counted at each run, so 0 is stored.
import { AppError } from '../../core/errors.ts';
import type { RecurringLineValues } from '../../core/model.ts';
import { serializedLineMessage } from '../../core/recurringText.ts';
import type { ReadCtx } from './context.ts';
import { taxRatesById } from './settings.ts';

export interface CheckedLine extends RecurringLineValues {
  description: string;
}

/** Each line checked and completed (a counter's default description, its quantity 0); refusals name the line. */
export async function checkRecurringLines(ctx: ReadCtx, input: readonly RecurringLineValues[]): Promise<CheckedLine[]> {
  const productIds = [...new Set(input.flatMap((l) => (l.productId === null ? [] : [l.productId])))];
  const products = new Map(
    (productIds.length
      ? await ctx.db
          .selectFrom('products')
          .select(['id', 'name', 'serialized', 'asset_type'])
          .where('id', 'in', productIds)
          .execute()
      : []
    ).map((p) => [Number(p.id), p]),
  );
  const fieldIds = [...new Set(input.flatMap((l) => (l.contactFieldId === null ? [] : [l.contactFieldId])))];
  const fields = new Map(
    (fieldIds.length
      ? await ctx.db.selectFrom('contact_fields').select(['id', 'name', 'kind']).where('id', 'in', fieldIds).execute()
      : []
    ).map((f) => [Number(f.id), f]),
  );
  const rates = await taxRatesById(
    ctx,
    input.flatMap((l) => (l.taxRateId === null ? [] : [l.taxRateId])),
  );
  return input.map((line, i) => {
    const n = i + 1;
    const where = { field: `lines.${i}`, line: n };
    const product = line.productId === null ? undefined : products.get(line.productId);
    if (line.productId !== null && !product)
      throw new AppError('not_found', `Line ${n}: that product no longer exists.`, where);
    if (line.taxRateId !== null) {
      const rate = rates.get(line.taxRateId);
      if (!rate) throw new AppError('not_found', `Line ${n}: no tax rate with id ${line.taxRateId}.`, where);
      if (rate.archived)
        throw new AppError('invalid_input', `Line ${n}: the tax rate ${rate.name} is archived; choose another.`, where);
    }
    const base = { ...line, assetType: '', contactFieldId: null, contactFieldValue: '' };
    const typed = line.description.trim() || product?.name || '';
    // A counter bills per device or contact: a serial-tracked product on it would sell units at every run, so the
    // line keeps its words and price and lets go of the product (LAT-5440 switched to an asset counter of Laptops).
    const counter = product?.serialized === 1 ? { ...base, productId: null } : base;
    switch (line.kind) {
      case 'standard': {
        if (product?.serialized === 1)
          throw new AppError('invalid_input', serializedLineMessage(product.name, product.asset_type), where);
        if (typed === '')
          throw new AppError('invalid_input', `Line ${n} is a manual item: enter its description.`, where);
        if (!Number.isInteger(line.qty) || line.qty <= 0)
          throw new AppError('invalid_input', `Line ${n}: enter a quantity above 0.`, where);
        return { ...base, description: typed };
      }
      case 'asset_counter': {
        const assetType = line.assetType.trim();
        if (assetType === '')
          throw new AppError('invalid_input', `Line ${n} is an asset counter: choose the asset type it counts.`, where);
        return { ...counter, assetType, qty: 0, description: typed || `${assetType} (per device)` };
      }
      case 'contact_counter': {
        const field = line.contactFieldId === null ? undefined : fields.get(line.contactFieldId);
        if (line.contactFieldId !== null && !field)
          throw new AppError('not_found', `Line ${n}: that contact field no longer exists.`, where);
        const value = field ? line.contactFieldValue.trim() : '';
        if (field?.kind === 'yes_no' && !['', 'yes', 'no'].includes(value.toLowerCase()))
          throw new AppError('invalid_input', `Line ${n}: ${field.name} is a yes / no field: choose Yes or No.`, where);
        const who = field ? `Contacts with ${field.name}${value ? `: ${value}` : ''}` : 'Contacts';
        return {
          ...counter,
          qty: 0,
          contactFieldId: field ? Number(field.id) : null,
          contactFieldValue: field?.kind === 'yes_no' ? value.toLowerCase() : value,
          description: typed || who,
        };
      }
    }
  });
}
