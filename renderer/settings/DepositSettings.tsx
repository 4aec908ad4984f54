// Settings → Deposits: the switch that turns deposits on (Take deposit on a ticket's Actions), and the deposit
// products a clerk chooses from: a fixed amount, or a percentage of the ticket's pending charges. A product is
// archived rather than deleted. The store holds the rules; its refusals show in the section and nothing typed is lost.
import { useState, type FormEvent } from 'react';
import { depositKindLabel, DEPOSIT_KINDS, type DepositKind } from '../../core/enums.ts';
import type { DepositProduct } from '../../core/model.ts';
import { formatPercent, readRateBp } from '../../core/money.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useMoney } from '../components/ShopFormat.tsx';

interface Draft {
  id?: number;
  name: string;
  kind: DepositKind;
  /** What is typed: an amount for a fixed product, a percentage for a percentage one. */
  value: string;
  archived: boolean;
}

const EMPTY: Draft = { name: '', kind: 'fixed', value: '', archived: false };

export function DepositSection() {
  const api = useApi();
  const money = useMoney();
  const settings = useApiQuery('getDepositSettings', {});
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);
  /** The switch as clicked, until the store answers (a refusal puts it back). */
  const [switched, setSwitched] = useState<boolean | null>(null);
  const locale = money.format.locale;

  const describe = (p: DepositProduct) =>
    p.kind === 'fixed' ? money.total(p.amountMinor) : `${formatPercent(p.percentBp, locale)}% of pending charges`;

  async function toggle(enabled: boolean) {
    setBusy(true);
    setSwitched(enabled);
    const outcome = await api.saveDepositSettings({ enabled });
    setBusy(false);
    setSwitched(outcome.ok ? enabled : null);
    setMessage(
      outcome.ok
        ? { tone: 'ok', text: enabled ? 'Deposits are on.' : 'Deposits are off.' }
        : { tone: 'error', text: outcome.error.message },
    );
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    let amountMinor = 0;
    let percentBp = 0;
    if (draft.kind === 'fixed') {
      const amount = money.read(draft.value);
      if (!amount.ok) return setMessage({ tone: 'error', text: amount.message });
      amountMinor = amount.minor;
    } else {
      const rate = readRateBp(draft.value, locale);
      if (!rate.ok) return setMessage({ tone: 'error', text: rate.message });
      percentBp = rate.bp;
    }
    setBusy(true);
    const outcome = await api.saveDepositProduct({
      ...(draft.id !== undefined ? { id: draft.id } : {}),
      name: draft.name,
      kind: draft.kind,
      amountMinor,
      percentBp,
      archived: draft.archived,
    });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: `Not saved. ${outcome.error.message}` });
    setMessage({ tone: 'ok', text: `Saved the deposit product ${draft.name.trim()}.` });
    setDraft(EMPTY);
    return undefined;
  }

  async function archive(p: DepositProduct, archived: boolean) {
    setBusy(true);
    const outcome = await api.saveDepositProduct({ ...p, archived });
    setBusy(false);
    setMessage(
      outcome.ok
        ? { tone: 'ok', text: `${archived ? 'Archived' : 'Restored'} ${p.name}.` }
        : { tone: 'error', text: outcome.error.message },
    );
  }

  const edit = (p: DepositProduct) =>
    setDraft({
      id: p.id,
      name: p.name,
      kind: p.kind,
      value: p.kind === 'fixed' ? money.input(p.amountMinor) : formatPercent(p.percentBp, locale),
      archived: p.archived,
    });

  return (
    <section aria-labelledby="settings-deposits" className="settings-form">
      <h2 id="settings-deposits">Deposits</h2>
      <QueryError state={settings} />
      {settings.data && (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={switched ?? settings.data.enabled}
              disabled={busy}
              onChange={(e) => void toggle(e.target.checked)}
            />
            Take deposits on tickets
          </label>
          <p className="hint">
            A deposit is a paid deposit invoice (DEP-000001) and is taken off the ticket&apos;s invoice.
          </p>
          <table className="list" aria-label="Deposit products">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {settings.data.products.length === 0 && (
                <tr>
                  <td colSpan={4}>
                    No deposit products yet: add one below, or enter the amount when taking a deposit.
                  </td>
                </tr>
              )}
              {settings.data.products.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{describe(p)}</td>
                  <td>{p.archived ? 'Archived' : 'Active'}</td>
                  <td>
                    <button type="button" onClick={() => edit(p)} aria-label={`Edit ${p.name}`}>
                      Edit
                    </button>{' '}
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => void archive(p, !p.archived)}
                      aria-label={`${p.archived ? 'Restore' : 'Archive'} ${p.name}`}
                    >
                      {p.archived ? 'Restore' : 'Archive'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <form className="form" aria-label="Deposit product" onSubmit={(e) => void save(e)}>
        <h3>{draft.id === undefined ? 'New deposit product' : `Edit ${draft.name}`}</h3>
        <label className="field">
          <span>Deposit name</span>
          <input value={draft.name} maxLength={120} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <label className="field">
          <span>Deposit type</span>
          <select
            value={draft.kind}
            onChange={(e) => setDraft({ ...draft, kind: e.target.value as DepositKind, value: '' })}
          >
            {DEPOSIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {depositKindLabel[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{draft.kind === 'fixed' ? 'Deposit amount' : 'Percentage of pending charges'}</span>
          <input
            inputMode="decimal"
            className="num"
            value={draft.value}
            onChange={(e) => setDraft({ ...draft, value: e.target.value })}
          />
        </label>
        <Message message={message} />
        <div className="actions">
          {draft.id !== undefined && (
            <button type="button" onClick={() => setDraft(EMPTY)}>
              Cancel edit
            </button>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {draft.id === undefined ? 'Add deposit product' : 'Save deposit product'}
          </button>
        </div>
      </form>
    </section>
  );
}
