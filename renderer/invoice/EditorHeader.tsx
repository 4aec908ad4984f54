// The invoice editor's header fields: customer, location, date, terms and due date. Choosing terms sets the due
// date from the invoice date; the due date stays editable.
import { memo } from 'react';
import { addDays } from '../../core/dates.ts';
import type { Location, PaymentTerms } from '../../core/model.ts';
import { CustomerPicker } from '../components/CustomerPicker.tsx';
import { RecordSelect } from '../components/Filters.tsx';
import type { DraftHeader, DraftStore } from './draft.ts';

type Props = Pick<DraftHeader, 'customerId' | 'customerName' | 'locationId' | 'invoiceDate' | 'terms' | 'dueDate'> & {
  store: DraftStore;
  locations: Location[] | undefined;
  termsList: PaymentTerms[] | undefined;
  readOnly: boolean;
};

/** Memoised: a scan that adds a line does not re-render the header. */
export const HeaderFields = memo(function HeaderFields({
  store,
  customerId,
  customerName,
  locationId,
  invoiceDate,
  terms,
  dueDate,
  locations,
  termsList,
  readOnly,
}: Props) {
  const current = termsList?.find((t) => t.name.toLowerCase() === terms.toLowerCase());
  return (
    <div className="head-fields">
      <CustomerPicker
        label="Customer"
        value={{ id: customerId, name: customerName }}
        disabled={readOnly}
        onChange={(c) => store.getState().setHeader({ customerId: c.id, customerName: c.name })}
      />
      <RecordSelect
        label="Location"
        value={locationId}
        rows={locations}
        disabled={readOnly}
        onChange={(id) => store.getState().setHeader({ locationId: id })}
      />
      <label className="field">
        <span>Date</span>
        <input
          type="date"
          value={invoiceDate}
          disabled={readOnly}
          onChange={(e) => {
            const date = e.target.value;
            // A due date the terms set follows the invoice date; one the user typed stays.
            const follows = current && date && dueDate === addDays(invoiceDate, current.days);
            store
              .getState()
              .setHeader({ invoiceDate: date, ...(follows ? { dueDate: addDays(date, current.days) } : {}) });
          }}
        />
      </label>
      <label className="field">
        <span>Terms</span>
        <select
          value={current?.name ?? terms}
          disabled={readOnly}
          onChange={(e) => {
            const chosen = termsList?.find((t) => t.name === e.target.value);
            if (!chosen) return;
            store.getState().setHeader({ terms: chosen.name, dueDate: addDays(invoiceDate, chosen.days) });
          }}
        >
          {!current && <option value={terms}>{terms || '…'}</option>}
          {termsList?.map((t) => (
            <option key={t.id} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Due date</span>
        <input
          type="date"
          value={dueDate}
          min={invoiceDate}
          disabled={readOnly}
          onChange={(e) => store.getState().setHeader({ dueDate: e.target.value })}
        />
      </label>
    </div>
  );
});
