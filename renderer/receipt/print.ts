// Printing a receipt or a till report on receipt paper (80 or 58 mm). The element is copied into a print-only root,
// so the print stylesheet (receipt.css) prints it alone, on a page as wide as the paper and as long as the slip.
// In Electron the preload's posPrint asks main to print the window (Settings → Counter's printer, silent when set);
// in browser mode, the page's own print.
import type { InputOf } from '../../core/contract.ts';
import type { DocumentKind } from '../../core/enums.ts';
import type { ReceiptWidth } from '../../core/model.ts';

export type PrintOutcome = { ok: true } | { ok: false; message: string };

declare global {
  interface Window {
    /**
     * Set by the Electron preload: prints this window through main's webContents.print, or a document (the print
     * template in a hidden window, with the system print dialog).
     */
    posPrint?: {
      printReceipt(): Promise<PrintOutcome>;
      printDocument?(kind: DocumentKind, id: number): Promise<PrintOutcome>;
      printLabels?(labels: InputOf<'labelsHtml'>): Promise<PrintOutcome>;
    };
  }
}

const ROOT_ID = 'print-root';
const PAGE_STYLE_ID = 'print-page';
const MM_PER_PX = 25.4 / 96;

/** Prints the element (a receipt or a till report) alone on receipt paper of this width. */
export async function printReceipt(element: HTMLElement | null, width: ReceiptWidth): Promise<PrintOutcome> {
  if (!element) return { ok: false, message: 'There is nothing to print.' };
  const root = document.createElement('div');
  root.id = ROOT_ID;
  root.className = `print-root paper-${width}`;
  root.append(element.cloneNode(true));
  document.getElementById(ROOT_ID)?.remove();
  document.body.append(root);
  // One page as long as the slip (roll paper): its height as shown on screen, at the same width, plus a margin.
  const heightMm = Math.ceil(element.getBoundingClientRect().height * MM_PER_PX) + 10;
  const page = document.createElement('style');
  page.id = PAGE_STYLE_ID;
  page.textContent = `@page { size: ${width}mm ${heightMm > 10 ? `${heightMm}mm` : 'auto'}; margin: 0; }`;
  document.getElementById(PAGE_STYLE_ID)?.remove();
  document.head.append(page);
  document.body.classList.add('printing-slip');
  try {
    if (window.posPrint) return await window.posPrint.printReceipt();
    window.print();
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      message: `The receipt did not print: ${error instanceof Error ? error.message : String(error)}.`,
    };
  } finally {
    document.body.classList.remove('printing-slip');
    root.remove();
    page.remove();
  }
}
