import { useMoney } from './ShopFormat.tsx';

/** Rows a list screen reads at a time. */
export const PAGE_SIZE = 50;

interface Props {
  /** The first row shown (0-based) and the page size it was read with. */
  offset: number;
  limit?: number;
  /** Rows on this page. */
  count: number;
  /** Every matching row, when the list counts them; else `hasMore` says whether a next page exists. */
  total?: number;
  hasMore?: boolean;
  onOffset: (offset: number) => void;
}

/**
 * One pager for every list read a page at a time: "51–100 of 1,234" (or "51–100" when the list is
 * not counted), with Previous and Next when there is more than one page.
 */
export function Pager({ offset, limit = PAGE_SIZE, count, total, hasMore, onOffset }: Props) {
  const { qty } = useMoney();
  const more = total === undefined ? Boolean(hasMore) : offset + limit < total;
  if (count === 0 && offset === 0) return null;
  const range =
    count === 0 ? '' : `${qty(offset + 1)}–${qty(offset + count)}${total === undefined ? '' : ` of ${qty(total)}`}`;
  return (
    <div className="pager">
      <span>{range}</span>
      {(offset > 0 || more) && (
        <>
          <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
            Previous
          </button>
          <button type="button" disabled={!more} onClick={() => onOffset(offset + limit)}>
            Next
          </button>
        </>
      )}
    </div>
  );
}
