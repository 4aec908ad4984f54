import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Outcome } from '../core/contract.ts';
import { channelFor, methodNames } from '../core/methods.ts';
import { dispatch } from './dispatch.ts';
import type { HandlerCtx } from './handlers.ts';
import { isOwnUrl } from './security.ts';

const refused: Outcome<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This call did not come from the Counter POS window and was refused.' },
};

/** IPC is accepted only from our own window's top frame, showing our own renderer. */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  trusted: () => WebContents | null,
): boolean {
  const own = trusted();
  const frame = event.senderFrame;
  return own !== null && event.sender === own && frame !== null && frame.parent === null && isOwnUrl(frame.url);
}

/** Registers one handler per contract method (channel names come from the contract only). */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  getCtx: () => HandlerCtx,
  trusted: () => WebContents | null,
): () => void {
  for (const method of methodNames) {
    ipcMain.handle(channelFor(method), (event, input: unknown) =>
      isTrustedSender(event, trusted) ? dispatch(getCtx(), method, input) : refused,
    );
  }
  return () => methodNames.forEach((m) => ipcMain.removeHandler(channelFor(m)));
}
