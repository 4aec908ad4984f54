// The customer page's Assets: every serialized unit sold to the customer whose product has an asset type (its serial
// links to its history, "Sold on INV-…"), and devices entered by hand (Add asset: type, name, serial; Delete).
// A recurring asset counter line counts these by type, ignoring case.
import { useState, type FormEvent } from 'react';
import type { CustomerAsset, CustomerRecords } from '../../core/model.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { ConfirmDialog, Dialog } from '../components/Dialog.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useNav } from '../stores/nav.ts';
import { AssetTypeInput } from './AssetTypeInput.tsx';

export function AssetsSection({ records }: { records: CustomerRecords }) {
  const api = useApi();
  const go = useNav((s) => s.go);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<CustomerAsset | null>(null);
  const [message, setMessage] = useState<ScreenMessage>(null);

  return (
    <section aria-labelledby="customer-assets">
      <div className="screen-head">
        <h2 id="customer-assets">Assets</h2>
        <button type="button" onClick={() => setAdding(true)}>
          Add asset
        </button>
      </div>
      <table className="list" aria-label="Assets">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Name</th>
            <th scope="col">Serial</th>
            <th scope="col">Source</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {records.assets.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                No assets yet: units sold whose product has an asset type show here, and devices added by hand.
              </td>
            </tr>
          )}
          {records.assets.map((a) => (
            <tr key={a.source === 'sold' ? `s${a.serialId}` : `m${a.assetId}`}>
              <td>{a.assetType}</td>
              <td>{a.name}</td>
              <td>
                {a.serialId !== null ? (
                  <button type="button" className="link mono" onClick={() => go({ name: 'serial', id: a.serialId! })}>
                    {a.serial}
                  </button>
                ) : (
                  <span className="mono">{a.serial}</span>
                )}
              </td>
              <td>
                {a.source === 'manual' ? (
                  'Entered by hand'
                ) : a.invoice ? (
                  <>
                    Sold on{' '}
                    <button
                      type="button"
                      className="link"
                      onClick={() => go({ name: 'invoice', invoiceId: a.invoice!.id })}
                    >
                      {a.invoice.number}
                    </button>
                  </>
                ) : (
                  'Sold'
                )}
              </td>
              <td>
                {a.assetId !== null && (
                  <button type="button" aria-label={`Delete ${a.name}`} onClick={() => setDeleting(a)}>
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Message message={message} />
      {adding && (
        <AssetDialog
          customerId={records.customerId}
          onClose={() => setAdding(false)}
          onSaved={(name) => {
            setAdding(false);
            setMessage({ tone: 'ok', text: `Added asset ${name}.` });
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirm="Delete asset"
          onClose={() => setDeleting(null)}
          onConfirm={() =>
            void api.deleteCustomerAsset({ id: deleting.assetId! }).then((r) => {
              setDeleting(null);
              setMessage(
                r.ok
                  ? { tone: 'ok', text: `Deleted asset ${deleting.name}.` }
                  : { tone: 'error', text: r.error.message },
              );
            })
          }
        >
          The device is removed from the customer&apos;s assets; recurring asset counters no longer count it.
        </ConfirmDialog>
      )}
    </section>
  );
}

function AssetDialog({
  customerId,
  onClose,
  onSaved,
}: {
  customerId: number;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const api = useApi();
  const [assetType, setAssetType] = useState('');
  const [name, setName] = useState('');
  const [serial, setSerial] = useState('');
  const [refused, setRefused] = useState<{ field: string | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const r = await api.saveCustomerAsset({ customerId, assetType, name, serial });
    setBusy(false);
    if (!r.ok) {
      const field = (r.error.details as { field?: unknown } | undefined)?.field;
      return setRefused({ field: typeof field === 'string' ? field : null, text: r.error.message });
    }
    onSaved(name.trim());
    return undefined;
  }
  const error = (field: string) =>
    refused?.field === field && (
      <p id={`asset-${field}-error`} role="alert" className="message error">
        {refused.text}
      </p>
    );
  const change = (set: (v: string) => void) => (v: string) => {
    set(v);
    setRefused(null);
  };

  return (
    <Dialog title="Add asset" onClose={onClose}>
      <form className="form" noValidate onSubmit={(e) => void submit(e)}>
        <AssetTypeInput
          autoFocus
          value={assetType}
          onChange={change(setAssetType)}
          invalid={refused?.field === 'assetType'}
          describedBy={refused?.field === 'assetType' ? 'asset-assetType-error' : undefined}
        />
        {error('assetType')}
        <label className="field">
          <span>Name</span>
          <input
            value={name}
            onChange={(e) => change(setName)(e.target.value)}
            aria-invalid={refused?.field === 'name' || undefined}
            aria-describedby={refused?.field === 'name' ? 'asset-name-error' : undefined}
          />
        </label>
        {error('name')}
        <label className="field">
          <span>Serial</span>
          <input value={serial} onChange={(e) => change(setSerial)(e.target.value)} />
        </label>
        {refused && refused.field !== 'assetType' && refused.field !== 'name' && (
          <p role="alert" className="message error">
            {refused.text}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save asset
          </button>
        </div>
      </form>
    </Dialog>
  );
}
