// One headless Chromium per test worker for the documents' PDFs, launched on the first PDF a test asks for. It is
// kept on globalThis so the worker's next test file (its modules evaluated afresh) uses the same browser; it ends
// with the worker.
import { chromiumPdfRenderer, type PdfRenderer } from '../../electron/documents/pdf.ts';

const KEY = Symbol.for('counter-pos.test-pdf-renderer');
const holder = globalThis as typeof globalThis & { [KEY]?: PdfRenderer };

/** The test worker's PDF renderer (a real Chromium). */
export function testPdfRenderer(): PdfRenderer {
  return (holder[KEY] ??= chromiumPdfRenderer());
}
