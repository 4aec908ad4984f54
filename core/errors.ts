/** Stable error codes the UI can act on. They cross the process boundary as values. */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_method'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'receipt_invalid'
  | 'serials_missing'
  | 'serial_unavailable'
  | 'serial_ambiguous'
  | 'database_too_new'
  | 'not_our_file'
  | 'damaged'
  | 'disk_full'
  | 'read_only'
  | 'cancelled'
  /** Nobody is signed in (or the session was locked): sign in with a PIN first. */
  | 'signed_out'
  /** Too many wrong PINs: sign-in is locked for a while (details.until, ISO time). */
  | 'locked_out'
  /** Needs a Manager or Admin: retry with their PIN as approvalPin (details: { role, action }). */
  | 'needs_approval'
  /** The shop server (PostgreSQL) cannot be reached, or refused the connection: nothing was saved. */
  | 'unreachable'
  /** A shop server's schema upgrade needs a backup first and pg_dump was not found (details: { version, latest }). */
  | 'backup_needed'
  | 'internal';

export interface AppErrorValue {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Thrown by services for a refusal the user should read; turned into an error value at the boundary. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toValue(): AppErrorValue {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/**
 * An editor saves over the revision it opened: another save since (another counter, another window) refuses it,
 * naming the document, so nothing of the other save is lost.
 */
export function refuseStaleEdit(
  number: string,
  expected: number | undefined,
  current: number | string,
  notDone = 'your edit was not saved',
): void {
  if (expected !== undefined && expected !== Number(current))
    throw new AppError(
      'conflict',
      `${number} was changed elsewhere since you opened it. Reopen it to see the latest version; ${notDone}.`,
    );
}
