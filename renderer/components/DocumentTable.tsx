// The list table of a kind of document (purchase orders, transfers, goods issues, counts, estimates, tickets): a
// Number column whose button opens the document, the kind's own columns, and one row saying why nothing is listed.
import type { ReactNode } from 'react';

export interface DocumentColumn<R> {
  header: string;
  /** A right-aligned number column. */
  num?: boolean;
  cell(row: R): ReactNode;
}

export function DocumentTable<R extends { id: number; number: string }>({
  label,
  rows,
  loaded,
  columns,
  empty,
  open,
}: {
  /** The table's accessible name. */
  label: string;
  rows: readonly R[] | undefined;
  /** The rows are the answer to the current query: only then does an empty list say so. */
  loaded: boolean;
  columns: ReadonlyArray<DocumentColumn<R>>;
  /** What the empty list says. */
  empty: string;
  open(row: R): void;
}) {
  return (
    <table className="list" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Number</th>
          {columns.map((c) => (
            <th key={c.header} scope="col" className={c.num ? 'num' : undefined}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {loaded && rows?.length === 0 && (
          <tr>
            <td colSpan={columns.length + 1} className="empty">
              {empty}
            </td>
          </tr>
        )}
        {rows?.map((row) => (
          <tr key={row.id}>
            <td>
              <button type="button" className="link" onClick={() => open(row)}>
                {row.number}
              </button>
            </td>
            {columns.map((c) => (
              <td key={c.header} className={c.num ? 'num' : undefined}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
