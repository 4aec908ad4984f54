// A Code 128 barcode as SVG (jsbarcode), with its text under it: a return starts by scanning the receipt's number.
import JsBarcode from 'jsbarcode';
import { useLayoutEffect, useRef } from 'react';

export function Code128({ value }: { value: string }) {
  const ref = useRef<SVGSVGElement>(null);
  useLayoutEffect(() => {
    // The text is ours (below), not jsbarcode's: its text needs a canvas to measure, and this way it stays readable.
    if (ref.current) JsBarcode(ref.current, value, { format: 'CODE128', displayValue: false, margin: 0, height: 44 });
  }, [value]);
  return (
    <figure className="receipt-barcode">
      <svg ref={ref} role="img" aria-label={`Barcode ${value}`} data-value={value} />
      <figcaption>{value}</figcaption>
    </figure>
  );
}
