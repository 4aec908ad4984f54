// Settings → Backups' Choose folder on the desktop: the renderer asks through the preload's named function
// (posBackups.chooseFolder) and main shows the system's folder dialog; only our own window's top frame may ask. The
// chosen path comes back to the renderer, which saves it with saveBackupSettings (checked there: it must be writable).
import type { Dialog, IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CHOOSE_BACKUP_FOLDER_CHANNEL } from '../core/methods.ts';
import { isTrustedSender } from './ipc.ts';

/** Registers Choose folder; returns its removal. Answers the chosen folder, or null when cancelled or refused. */
export function registerChooseBackupFolder(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dialog: Pick<Dialog, 'showOpenDialog'>,
  trusted: () => WebContents | null,
): () => void {
  ipcMain.handle(CHOOSE_BACKUP_FOLDER_CHANNEL, async (event: IpcMainInvokeEvent): Promise<string | null> => {
    if (!isTrustedSender(event, trusted)) return null;
    const chosen = await dialog.showOpenDialog({
      title: 'Choose a folder for backups',
      buttonLabel: 'Use this folder',
      properties: ['openDirectory', 'createDirectory'],
    });
    return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
  });
  return () => ipcMain.removeHandler(CHOOSE_BACKUP_FOLDER_CHANNEL);
}
