// Print labels for units: the label size, the code (SN: Code 128, or GS1 DataMatrix when a product has a GTIN), the
// price or not, a live preview of the labels as main lays them out, then Print (the system print dialog on the
// desktop, the browser's in browser mode) or Download PDF. Opened from a goods receipt, the Serial Numbers list and a
// transfer, each naming its units (PrintLabelsButton).
import { useState } from 'react';
import type { InputOf } from '../../core/contract.ts';
import { LABEL_SIZES, labelCodeLabel, labelSizeLabel, type LabelCode, type LabelSize } from '../../core/enums.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { desktopPrintLabels, downloadFile, printHtml } from '../documents/download.ts';

/** The units to label: by id, or the units a goods receipt brought in. */
export type LabelSource = InputOf<'labelUnits'>;

const MM_TO_PX = 96 / 25.4;

export function PrintLabelsDialog({ units, onClose }: { units: LabelSource; onClose: () => void }) {
  const api = useApi();
  const found = useApiQuery('labelUnits', units);
  const [size, setSize] = useState<LabelSize>('50x25');
  const [chosenCode, setCode] = useState<LabelCode>('sn');
  const [showPrice, setShowPrice] = useState(false);
  const [busy, setBusy] = useState<'pdf' | 'print' | null>(null);
  const [message, setMessage] = useState<ScreenMessage>(null);

  const list = found.status === 'ok' ? found.data : [];
  const withGtin = list.filter((u) => u.gtin !== null).length;
  const code: LabelCode = withGtin === 0 ? 'sn' : chosenCode;
  const input: InputOf<'labelsHtml'> = { serialIds: list.map((u) => u.serialId), size, code, showPrice };
  const preview = useApiQuery('labelsHtml', input, list.length > 0);
  const ready = list.length > 0 && preview.status === 'ok';

  async function download() {
    setBusy('pdf');
    setMessage(null);
    const outcome = await api.labelsPdf(input);
    setBusy(null);
    if (!outcome.ok) return setMessage({ tone: 'error', text: `No PDF was made: ${outcome.error.message}` });
    downloadFile(outcome.value);
    return setMessage({ tone: 'ok', text: `Downloaded ${outcome.value.fileName}.` });
  }

  async function print() {
    if (preview.status !== 'ok') return;
    setBusy('print');
    setMessage(null);
    const desktop = desktopPrintLabels();
    const outcome = desktop ? await desktop(input) : await printHtml(preview.data);
    setBusy(null);
    if (!outcome.ok) setMessage({ tone: 'error', text: outcome.message });
  }

  const page = preview.status === 'ok' ? preview.data.page : null;
  return (
    <Dialog title="Print labels" onClose={onClose} className="print-labels">
      {found.status === 'loading' && <p role="status">Loading the units…</p>}
      {found.status === 'error' && (
        <p role="alert" className="message error">
          {found.error.message}
        </p>
      )}
      {found.status === 'ok' && (
        <div className="form">
          <p>
            {list.length === 1
              ? `1 label: ${list[0]!.serial} (${list[0]!.productName}).`
              : `${list.length} labels, one per unit.`}
          </p>
          <label className="field">
            <span>Label size</span>
            <select value={size} onChange={(e) => setSize(e.target.value as LabelSize)} data-autofocus>
              {LABEL_SIZES.map((s) => (
                <option key={s} value={s}>
                  {labelSizeLabel[s]}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="field">
            <legend>Code</legend>
            <label className="check">
              <input type="radio" name="label-code" checked={code === 'sn'} onChange={() => setCode('sn')} />{' '}
              {labelCodeLabel.sn}
            </label>
            <label className="check">
              <input
                type="radio"
                name="label-code"
                checked={code === 'gs1'}
                disabled={withGtin === 0}
                aria-describedby="label-gs1-hint"
                onChange={() => setCode('gs1')}
              />{' '}
              {labelCodeLabel.gs1}
            </label>
            <p id="label-gs1-hint" className="hint">
              {withGtin === 0
                ? `Not available: ${list.length === 1 ? 'this product has no GTIN' : 'none of these products has a GTIN'} (a barcode with a valid check digit).`
                : withGtin < list.length
                  ? `${list.length - withGtin} of ${list.length} units have no GTIN: their labels get SN: Code 128.`
                  : 'The GTIN and serial (AI 01 + 21), for GS1 scanners.'}
            </p>
          </fieldset>
          <label className="check">
            <input type="checkbox" checked={showPrice} onChange={(e) => setShowPrice(e.target.checked)} /> Show price
          </label>
          {preview.status === 'error' && (
            <p role="alert" className="message error">
              {preview.error.message}
            </p>
          )}
          {preview.status === 'ok' && page && (
            <iframe
              title="Label preview"
              sandbox=""
              srcDoc={preview.data.html}
              style={{
                width: '100%',
                maxWidth: `${Math.ceil(page.widthMm * MM_TO_PX) + 24}px`,
                height: `${Math.min(360, Math.ceil(page.heightMm * MM_TO_PX) * Math.min(preview.data.pages, 3) + 24)}px`,
                border: '1px solid #bbb',
                background: '#eee',
              }}
            />
          )}
          {preview.status === 'ok' && (
            <p className="hint">
              {preview.data.labels} label{preview.data.labels === 1 ? '' : 's'} on {preview.data.pages}{' '}
              {size === 'a4_3x8' ? 'sheet' : 'page'}
              {preview.data.pages === 1 ? '' : 's'}.
            </p>
          )}
          <Message message={message} />
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Close
            </button>
            <button type="button" disabled={!ready || busy !== null} onClick={() => void download()}>
              {busy === 'pdf' ? 'Making PDF…' : 'Download PDF'}
            </button>
            <button type="button" className="primary" disabled={!ready || busy !== null} onClick={() => void print()}>
              {busy === 'print' ? 'Printing…' : 'Print'}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

/** A "Print labels" button that opens the dialog for these units (disabled with none). */
export function PrintLabelsButton({
  units,
  label = 'Print labels',
  disabled = false,
}: {
  units: LabelSource;
  label?: string;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open && <PrintLabelsDialog units={units} onClose={() => setOpen(false)} />}
    </>
  );
}
