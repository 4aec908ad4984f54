// The Asset type text box: free text with the types known offered as a list (products' and manual assets'), so
// "Laptop" is picked rather than typed anew. Types match ignoring case wherever they are counted.
import { useId } from 'react';
import { useApiQuery } from '../api/ApiProvider.tsx';

export function AssetTypeInput({
  value,
  onChange,
  label = 'Asset type',
  hint,
  invalid,
  describedBy,
  autoFocus = false,
}: {
  value: string;
  onChange: (value: string) => void;
  label?: string;
  hint?: string;
  invalid?: boolean;
  describedBy?: string;
  autoFocus?: boolean;
}) {
  const listId = useId();
  const hintId = useId();
  const types = useApiQuery('assetTypes', {});
  return (
    <>
      <label className="field">
        <span>{label}</span>
        <input
          value={value}
          list={listId}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={[describedBy, hint && hintId].filter(Boolean).join(' ') || undefined}
          {...(autoFocus ? { 'data-autofocus': true } : {})}
        />
      </label>
      <datalist id={listId}>
        {(types.data ?? []).map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
    </>
  );
}
