// The pieces every list screen's filter bar is made of: a labelled choice with an "any" entry, and
// the alert for a query that failed. A change of filter is the caller's to handle (it also goes
// back to the first page).
import type { QueryState } from '../api/ApiProvider.tsx';

export function FilterSelect({
  label,
  value,
  any,
  options,
  onChange,
}: {
  label: string;
  /** '' for the "any" entry. */
  value: string;
  any: string;
  options: ReadonlyArray<readonly [value: string | number, text: string]>;
  onChange: (value: string) => void;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{any}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A record list for FilterSelect: [id, name] pairs, empty while it loads. */
export const recordOptions = (rows: ReadonlyArray<{ id: number; name: string }> | undefined) =>
  (rows ?? []).map((r) => [r.id, r.name] as const);

/** The query's error as an alert, or nothing. */
export function QueryError({ state }: { state: QueryState<unknown> }) {
  if (state.status !== 'error') return null;
  return (
    <p role="alert" className="message error">
      {state.error.message}
    </p>
  );
}

/** A required choice of one record (a customer, a location, a vendor) in an editor's header. */
export function RecordSelect({
  label,
  value,
  rows,
  disabled,
  onChange,
}: {
  label: string;
  value: number | null;
  rows: ReadonlyArray<{ id: number; name: string }> | undefined;
  disabled?: boolean;
  onChange: (id: number) => void;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value ?? ''} disabled={disabled} onChange={(e) => onChange(Number(e.target.value))}>
        {rows?.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </select>
    </label>
  );
}
