// Manager approval: a command a Cashier may not do alone (a void, a discount above the limit, a price below cost, a
// late return, opening the drawer, cancelling a PO) is refused with code 'needs_approval'. This asks for a Manager's
// or Admin's PIN in a dialog and retries the same call with it, without signing the cashier out.
//
//   const approve = useApproval();
//   const outcome = await approve((approvalPin) => api.voidInvoice({ id, revision, approvalPin }));
//   if (!outcome.ok && outcome.error.code !== 'cancelled') setError(outcome.error.message);
//
// The call runs once without a PIN; only when that is refused with needs_approval does the dialog open. A wrong PIN
// (or a lockout) is shown in the dialog, which stays open; Cancel or Escape ends with code 'cancelled' ("Not
// approved: nothing was done."); any other outcome, good or bad, is handed back as it is.
import { createContext, useCallback, useContext, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Outcome } from '../../core/contract.ts';
import { useScanTarget } from '../scanner/router.ts';
import { Dialog } from './Dialog.tsx';

/** A call that takes an optional manager PIN (passed as the method's approvalPin). */
export type ApprovableCall<T> = (approvalPin?: string) => Promise<Outcome<T>>;
/** Runs the call, asking for a manager's PIN when it needs one. */
export type Approve = <T>(call: ApprovableCall<T>) => Promise<Outcome<T>>;

export const NOT_APPROVED = 'Not approved: nothing was done.';

interface Request {
  /** The refusal's message: what needs a manager ("Needs a manager: voiding INV-000001."). */
  action: string;
  call: ApprovableCall<unknown>;
  resolve: (outcome: Outcome<unknown>) => void;
}

const ApprovalContext = createContext<Approve | null>(null);

/** Renders the approval dialog for everything below it (the App puts it around every screen). */
export function ApprovalProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<Request | null>(null);
  const current = useRef<Request | null>(null);

  const approve = useCallback<Approve>(async <T,>(call: ApprovableCall<T>) => {
    const first = await call();
    if (first.ok || first.error.code !== 'needs_approval') return first;
    current.current?.resolve(cancelled()); // one approval at a time: an older one is dropped
    return new Promise<Outcome<T>>((resolve) => {
      const next: Request = {
        action: first.error.message,
        call: call as ApprovableCall<unknown>,
        resolve: resolve as (outcome: Outcome<unknown>) => void,
      };
      current.current = next;
      setRequest(next);
    });
  }, []);

  const finish = (outcome: Outcome<unknown>) => {
    current.current?.resolve(outcome);
    current.current = null;
    setRequest(null);
  };

  return (
    <ApprovalContext.Provider value={approve}>
      {children}
      {request && <ApprovalDialog key={request.action} request={request} onDone={finish} />}
    </ApprovalContext.Provider>
  );
}

/** The approval runner of the nearest ApprovalProvider. */
export function useApproval(): Approve {
  const approve = useContext(ApprovalContext);
  if (!approve) throw new Error('useApproval outside ApprovalProvider');
  return approve;
}

const cancelled = (): Outcome<never> => ({ ok: false, error: { code: 'cancelled', message: NOT_APPROVED } });

function ApprovalDialog({ request, onDone }: { request: Request; onDone: (outcome: Outcome<unknown>) => void }) {
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  // A scan while the dialog is open goes nowhere (not to the screen below).
  useScanTarget(() => {});

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{4,8}$/.test(pin)) {
      setError('Enter a Manager’s or Admin’s PIN (4 to 8 digits).');
      field.current?.focus();
      return;
    }
    setBusy(true);
    const outcome = await request.call(pin);
    setBusy(false);
    if (!outcome.ok && (outcome.error.code === 'needs_approval' || outcome.error.code === 'locked_out')) {
      setError(outcome.error.message);
      setPin('');
      field.current?.focus();
      return;
    }
    onDone(outcome);
  }

  return (
    <Dialog title="Manager approval" onClose={() => onDone(cancelled())} className="approval">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <p className="dialog-sub">{request.action}</p>
        <label className="field">
          <span>Manager PIN</span>
          <input
            ref={field}
            data-autofocus
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'approval-error' : undefined}
          />
        </label>
        {error && (
          <p id="approval-error" role="alert" className="message error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={() => onDone(cancelled())}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Approve
          </button>
        </div>
      </form>
    </Dialog>
  );
}
