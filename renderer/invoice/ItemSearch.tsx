// The item search bar (invoice, purchase order, the counter): a combobox over the products with a listbox of matches.
import { forwardRef, useEffect, useId, useRef, useState } from 'react';
import type { Product } from '../../core/model.ts';
import { flushSync } from 'react-dom';
import { useApi } from '../api/ApiProvider.tsx';
import { useMoney } from '../components/ShopFormat.tsx';

/** What onCode may answer: the code names several products, to pick from (the text stays, the list opens). */
export interface ItemSearchAnswer {
  matches: Product[];
}

interface Props {
  /**
   * Enter with no suggestion chosen: an exact code (barcode, SKU, SN:…) as a scanner types it. The
   * code stays in the field until the returned promise settles, so the answer and the cleared field
   * show in one frame. Answering `{ matches }` keeps the text and opens the list of those matches.
   */
  onCode: (code: string) => void | ItemSearchAnswer | Promise<void | ItemSearchAnswer>;
  onPick: (product: Product) => void;
  /** The field's accessible name (the invoice's is "Item search"). */
  label?: string;
  placeholder?: string;
  /** A paid or void invoice takes no items. */
  disabled?: boolean;
  /** Focus the field when it mounts (the counter's and the invoice's search). */
  autoFocus?: boolean;
}

/**
 * The item search bar. Typing lists matching products to pick with arrows + Enter or the mouse;
 * Enter without a chosen suggestion hands the text over as a code, which is what a keyboard-wedge
 * scanner typing into the bar produces. A code that names several products opens their list.
 */
export const ItemSearch = forwardRef<HTMLInputElement, Props>(function ItemSearch(
  { onCode, onPick, label = 'Item search', placeholder, disabled, autoFocus },
  ref,
) {
  const api = useApi();
  const money = useMoney();
  const listId = useId();
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<Product[]>([]);
  const [active, setActive] = useState(-1);
  const latest = useRef('');
  const shown = useRef('');
  shown.current = text;
  // The start of the field already handed over as codes and not yet answered: `length` characters.
  // Keys typed meanwhile (the next scan) land after it. Editing that start abandons the removal.
  const handed = useRef({ length: 0, generation: 0 });

  useEffect(() => {
    const query = text.slice(handed.current.length).trim(); // a code waiting for its answer is no search
    latest.current = query;
    if (!query || /^sn:/i.test(query)) {
      setMatches([]);
      return undefined;
    }
    const timer = setTimeout(() => {
      void api.searchProducts({ query, limit: 8 }).then((outcome) => {
        if (latest.current === query) setMatches(outcome.ok ? outcome.value : []);
      });
    }, 120);
    return () => clearTimeout(timer);
  }, [api, text]);

  function clear() {
    latest.current = '';
    handed.current = { length: 0, generation: handed.current.generation + 1 };
    setText('');
    setMatches([]);
    setActive(-1);
  }

  /**
   * Hands a code over and leaves it in the field until it is handled: clearing it at once would
   * paint a frame of its own, and the new line would then wait for the next one.
   */
  function handOver(code: string, length: number) {
    setMatches([]);
    setActive(-1);
    const { generation } = handed.current;
    handed.current.length += length;
    const done = (answer?: void | ItemSearchAnswer) => {
      if (handed.current.generation !== generation) return;
      handed.current.length -= length;
      // Several matches, and nothing typed since: the text stays and the list opens on the first; else the handled
      // code leaves the field.
      const several =
        answer && answer.matches.length > 0 && handed.current.length === 0 && shown.current.length === length
          ? answer.matches
          : null;
      flushSync(() => {
        if (several) {
          setMatches(several);
          setActive(0);
        } else setText((t) => t.slice(length));
      });
    };
    let handled: ReturnType<Props['onCode']>;
    try {
      handled = onCode(code);
    } catch (error) {
      done();
      throw error;
    }
    void Promise.resolve(handled).then(done, () => done());
  }

  function pick(product: Product) {
    clear();
    onPick(product);
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' && matches.length > 0) {
      event.preventDefault();
      setActive((i) => (i + 1) % matches.length);
    } else if (event.key === 'ArrowUp' && matches.length > 0) {
      event.preventDefault();
      setActive((i) => (i <= 0 ? matches.length - 1 : i - 1));
    } else if (event.key === 'Escape' && matches.length > 0) {
      event.stopPropagation(); // closes the list, not a dialog the search is in
      setMatches([]);
      setActive(-1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = active >= 0 ? matches[active] : undefined;
      if (chosen) return pick(chosen);
      const fresh = text.slice(handed.current.length);
      if (fresh.trim()) handOver(fresh.trim(), fresh.length);
    }
    return undefined;
  }

  const open = matches.length > 0;
  return (
    <div className="item-search">
      <label htmlFor={`${listId}-input`} className="visually-hidden">
        {label}
      </label>
      <input
        id={`${listId}-input`}
        ref={ref}
        type="text"
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder ?? 'Scan or type a barcode, SKU, name or SN:serial, then Enter'}
        value={text}
        disabled={disabled}
        autoFocus={autoFocus}
        role="combobox"
        aria-expanded={open}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          const value = e.target.value;
          if (!value.startsWith(text.slice(0, handed.current.length)))
            handed.current = { length: 0, generation: handed.current.generation + 1 };
          setText(value);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul id={listId} role="listbox" aria-label="Matching products" className="suggestions">
          {matches.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(p)}
            >
              <span className="name">{p.name}</span>
              <span className="meta">
                {p.sku}
                {p.barcode ? ` · ${p.barcode}` : ''}
                {p.serialized ? ' · serialized' : ''}
              </span>
              <span className="price">{money.text(p.priceMinor)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
