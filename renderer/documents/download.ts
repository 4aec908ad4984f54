// Files the app hands to the person (a PDF, a zip of PDFs, an export) and documents printed from the print template.
// A FileDownload (base64 bytes) becomes a Blob clicked through a temporary <a download>: browser mode saves it as any
// download; the desktop app shows a save dialog. Print: the desktop asks main (a hidden window and the system dialog);
// browser mode prints the template from a hidden iframe (srcdoc, no scripts in it: print() is called from here).
import type { InputOf } from '../../core/contract.ts';
import type { DocumentKind } from '../../core/enums.ts';
import type { DocumentHtml, FileDownload } from '../../core/model.ts';
import type { PrintOutcome } from '../receipt/print.ts';

/** The bytes of a base64 text. */
export function bytesFromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Saves the file as a download (its name and type as the host made them). */
export function downloadFile(file: FileDownload): void {
  const url = URL.createObjectURL(new Blob([bytesFromBase64(file.base64)], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked once the click has handed the file over (a later tick; the download keeps its own copy).
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The desktop's Print, when the preload offers it. */
export const desktopPrint = (): ((kind: DocumentKind, id: number) => Promise<PrintOutcome>) | null => {
  const print = window.posPrint?.printDocument;
  return print ? (kind, id) => print(kind, id) : null;
};

/** The desktop's Print for barcode labels, when the preload offers it. */
export const desktopPrintLabels = (): ((labels: InputOf<'labelsHtml'>) => Promise<PrintOutcome>) | null => {
  const print = window.posPrint?.printLabels;
  return print ? (labels) => print(labels) : null;
};

/**
 * Browser mode's Print: the template in a hidden iframe, printed with the browser's dialog. The frame is sandboxed
 * (no scripts; same origin so this page may call its print(), modals so it may show the dialog) and removed after.
 */
export function printHtml(doc: Pick<DocumentHtml, 'title' | 'html'>): Promise<PrintOutcome> {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-same-origin allow-modals');
    frame.setAttribute('aria-hidden', 'true');
    frame.title = doc.title;
    frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden';
    let done = false;
    const finish = (outcome: PrintOutcome) => {
      if (done) return;
      done = true;
      resolve(outcome);
      // The dialog has its own copy of the page once print() returns; a later tick lets go of the frame.
      setTimeout(() => frame.remove(), 1000);
    };
    frame.addEventListener('load', () => {
      const win = frame.contentWindow;
      if (!win) return finish({ ok: false, message: `${doc.title} did not print: the page did not open.` });
      try {
        win.focus();
        win.print();
        return finish({ ok: true });
      } catch (error) {
        return finish({
          ok: false,
          message: `${doc.title} did not print: ${error instanceof Error ? error.message : String(error)}.`,
        });
      }
    });
    frame.srcdoc = doc.html;
    document.body.append(frame);
  });
}
