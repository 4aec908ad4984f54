// Runs sandboxed, with context isolation: exposes named functions only, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import type { PosApi } from '../core/contract.ts';
import {
  CHOOSE_BACKUP_FOLDER_CHANNEL,
  channelFor,
  methodNames,
  PRINT_DOCUMENT_CHANNEL,
  PRINT_RECEIPT_CHANNEL,
  SCANNER_EVENT_CHANNEL,
} from '../core/methods.ts';
import type { ScannerEvent } from '../core/scan/detector.ts';

const pos = Object.fromEntries(
  methodNames.map((method) => [method, (input: unknown) => ipcRenderer.invoke(channelFor(method), input ?? {})]),
) as unknown as PosApi;

contextBridge.exposeInMainWorld('pos', Object.freeze(pos));

/** Scans detected by the main process; returns a function that stops listening. */
contextBridge.exposeInMainWorld(
  'posScanner',
  Object.freeze({
    onEvent(listener: (event: ScannerEvent) => void): () => void {
      const handler = (_event: unknown, payload: ScannerEvent) => listener(payload);
      ipcRenderer.on(SCANNER_EVENT_CHANNEL, handler);
      return () => void ipcRenderer.removeListener(SCANNER_EVENT_CHANNEL, handler);
    },
  }),
);

/**
 * Prints the receipt shown in this window (main prints to Settings → Counter's printer, silently when set), or a
 * document (main prints the print template from a hidden window, with the system print dialog).
 */
contextBridge.exposeInMainWorld(
  'posPrint',
  Object.freeze({
    printReceipt(): Promise<{ ok: true } | { ok: false; message: string }> {
      return ipcRenderer.invoke(PRINT_RECEIPT_CHANNEL);
    },
    /** Prints an invoice, credit note or purchase order from the print template, with the system print dialog. */
    printDocument(kind: string, id: number): Promise<{ ok: true } | { ok: false; message: string }> {
      return ipcRenderer.invoke(PRINT_DOCUMENT_CHANNEL, { kind, id });
    },
    /** Prints barcode labels (the labelsHtml input) on the label's own page size, with the system print dialog. */
    printLabels(labels: unknown): Promise<{ ok: true } | { ok: false; message: string }> {
      return ipcRenderer.invoke(PRINT_DOCUMENT_CHANNEL, { labels });
    },
  }),
);

/** Settings → Backups' Choose folder: the system's folder dialog, shown by main; the chosen path or null. */
contextBridge.exposeInMainWorld(
  'posBackups',
  Object.freeze({
    chooseFolder(): Promise<string | null> {
      return ipcRenderer.invoke(CHOOSE_BACKUP_FOLDER_CHANNEL);
    },
  }),
);
