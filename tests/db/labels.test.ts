// Barcode labels decode to what the counter reads: labels for DL5440-0001 are rendered to PDF by the real Chromium
// (the path Download PDF takes), rasterised by poppler (pdftoppm, 300 dpi) and decoded by zxing-wasm. The Code 128
// gives back `SN:DL5440-0001`, which the scan classifier takes as that serial; the GS1 DataMatrix gives back the GTIN
// and serial (AI 01 + 21). Each size's page count and page size (pdfinfo); refusals name what is wrong.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes, type ReadResult } from 'zxing-wasm/reader';
import type { InputOf } from '../../core/contract.ts';
import type { FileDownload } from '../../core/model.ts';
import { classify, GS } from '../../core/scan/classify.ts';
import { freshDemoPerTest, okValue, refusalOf, tempDir, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

beforeAll(() => {
  const wasm = fs.readFileSync(path.resolve('node_modules/zxing-wasm/dist/reader/zxing_reader.wasm'));
  prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
  });
});

const dir = tempDir('pos-labels-');
let n = 0;
const bytesOf = (download: FileDownload) => new Uint8Array(Buffer.from(download.base64, 'base64'));
function pdfFile(bytes: Uint8Array): string {
  const file = path.join(dir, `labels-${++n}.pdf`);
  fs.writeFileSync(file, bytes);
  return file;
}
/** Pages and page size in mm (Chromium rounds a page to its own grid: within 0.3 mm). */
const pdfInfo = (file: string) => {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info) ?? [];
  const mm = (pt: string | undefined) => Math.round((Number(pt) / 72) * 25.4 * 3) / 3;
  return { pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]), widthMm: mm(w), heightMm: mm(h) };
};
/** A size in mm as pdfInfo reads it back. */
const size = (widthMm: number, heightMm: number) => ({
  widthMm: expect.closeTo(widthMm, 0) as number,
  heightMm: expect.closeTo(heightMm, 0) as number,
});
/** The PDF's pages as 300 dpi PNGs. */
function pngPages(file: string): Array<Uint8Array<ArrayBuffer>> {
  const prefix = file.replace(/\.pdf$/, '');
  execFileSync('pdftoppm', ['-png', '-r', '300', file, prefix]);
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(path.basename(prefix) + '-') && f.endsWith('.png'))
    .sort()
    .map((f) => new Uint8Array(fs.readFileSync(path.join(dir, f))));
}
const decode = (png: Uint8Array<ArrayBuffer>, format: 'Code128' | 'DataMatrix'): Promise<ReadResult[]> =>
  readBarcodes(new Blob([png], { type: 'image/png' }), { formats: [format], tryHarder: true, maxNumberOfSymbols: 30 });

const labels = (input: Partial<InputOf<'labelsPdf'>> & Pick<InputOf<'labelsPdf'>, 'serialIds'>) =>
  okValue(b.api.labelsPdf({ size: '50x25', code: 'sn', showPrice: false, ...input }));

/** The drill's barcode, as the Products screen saves it. */
async function setDrillBarcode(barcode: string | null) {
  const drill = await b.one<{ sku: string; name: string; price_minor: number }>(
    'SELECT sku, name, price_minor FROM products WHERE id = ?',
    ids.drill,
  );
  await okValue(
    b.api.saveProduct({
      id: ids.drill,
      sku: drill.sku,
      barcode,
      name: drill.name,
      priceMinor: drill.price_minor,
      taxable: true,
      serialized: true,
      maintainStock: true,
    }),
  );
}

describe('barcode labels', () => {
  it('a Code 128 label of DL5440-0001 decodes to SN:DL5440-0001, which the counter reads as that serial', async () => {
    const file = pdfFile(bytesOf(await labels({ serialIds: [ids.serial('DL5440-0001')], showPrice: true })));
    expect(pdfInfo(file)).toEqual({ pages: 1, ...size(50, 25) });
    const [png] = pngPages(file);
    const [read] = await decode(png!, 'Code128');
    expect(read?.text).toBe('SN:DL5440-0001');
    expect(classify(read!.text)).toMatchObject({ kind: 'serial', serial: 'DL5440-0001' });
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Latitude 5440 Laptop');
    expect(text).toContain('SN:DL5440-0001');
    expect(text).toMatch(/\$1,\d{3}\.\d\d/);
  });

  it('a GS1 DataMatrix carries the GTIN and the serial (AI 01 + 21)', async () => {
    const laptop = await b.one<{ barcode: string | null }>('SELECT barcode FROM products WHERE id = ?', ids.laptop);
    const gtin = (laptop.barcode ?? '').padStart(14, '0');
    expect(gtin).toMatch(/^\d{14}$/);
    const file = pdfFile(bytesOf(await labels({ serialIds: [ids.serial('DL5440-0001')], code: 'gs1', size: '62x29' })));
    expect(pdfInfo(file)).toEqual({ pages: 1, ...size(62, 29) });
    const [read] = await decode(pngPages(file)[0]!, 'DataMatrix');
    expect(read?.text).toBe(`(01)${gtin}(21)DL5440-0001`);
    expect(read?.contentType).toBe('GS1');
    // What a scanner sends for it (AIM ]d2, the element string without brackets) is that unit at the counter.
    expect(classify(`]d201${gtin}21DL5440-0001`)).toMatchObject({ kind: 'gs1', gtin, serial: 'DL5440-0001' });
    expect(classify(`01${gtin}21DL5440-0001${GS}`)).toMatchObject({ kind: 'gs1', serial: 'DL5440-0001' });
  });

  it('a product given a GTIN on the Products screen prints it in the DataMatrix', async () => {
    await setDrillBarcode('09506000134352');
    const file = pdfFile(bytesOf(await labels({ serialIds: [ids.serial('MKT18-A1001')], code: 'gs1' })));
    const [read] = await decode(pngPages(file)[0]!, 'DataMatrix');
    expect(read?.text).toBe('(01)09506000134352(21)MKT18-A1001');
  });

  it('thermal labels print one per page; an A4 sheet holds 24, in the order asked', async () => {
    const units = ['DL5440-0001', 'DL5440-0002', 'DL5440-0003', 'DL5440-0101'].map((s) => ids.serial(s));
    const thermal = pdfFile(bytesOf(await labels({ serialIds: units, size: '62x29' })));
    expect(pdfInfo(thermal).pages).toBe(4);
    const reads = await Promise.all(pngPages(thermal).map((png) => decode(png, 'Code128')));
    expect(reads.map((r) => r[0]?.text)).toEqual([
      'SN:DL5440-0001',
      'SN:DL5440-0002',
      'SN:DL5440-0003',
      'SN:DL5440-0101',
    ]);

    const sheet = pdfFile(bytesOf(await labels({ serialIds: units, size: 'a4_3x8', showPrice: true })));
    expect(pdfInfo(sheet)).toEqual({ pages: 1, ...size(210, 297) });
    const onSheet = await decode(pngPages(sheet)[0]!, 'Code128');
    expect(onSheet.map((r) => r.text).sort()).toEqual([
      'SN:DL5440-0001',
      'SN:DL5440-0002',
      'SN:DL5440-0003',
      'SN:DL5440-0101',
    ]);
  });

  it('more than 24 units fill a second A4 sheet', async () => {
    const received = await okValue(
      b.api.receiveGoods({
        locationId: ids.main,
        lines: [
          {
            productId: ids.laptop,
            qty: 25,
            serials: Array.from({ length: 25 }, (_, i) => ({ serial: `LBL-${String(i).padStart(3, '0')}` })),
          },
        ],
      }),
    );
    const units = await okValue(b.api.labelUnits({ receiptId: received.receiptId }));
    expect(units).toHaveLength(25);
    const file = pdfFile(bytesOf(await labels({ serialIds: units.map((u) => u.serialId), size: 'a4_3x8' })));
    expect(pdfInfo(file).pages).toBe(2);
  });

  it('the preview HTML has no script and fetches nothing', async () => {
    const made = await okValue(
      b.api.labelsHtml({ serialIds: [ids.serial('DL5440-0001')], size: '50x25', code: 'sn', showPrice: true }),
    );
    expect(made).toMatchObject({ title: 'Labels (1)', labels: 1, pages: 1, page: { widthMm: 50, heightMm: 25 } });
    expect(made.html).toContain(`default-src 'none'`);
    expect(made.html).not.toMatch(/<script|src="http|href="http/i);
  });

  it('refuses unknown units by id, GS1 without a GTIN, and a serial GS1 cannot carry', async () => {
    expect(
      await refusalOf(b, () =>
        b.api.labelsHtml({ serialIds: [ids.serial('DL5440-0001'), 999_999], size: '50x25', code: 'sn' }),
      ),
    ).toMatchObject({ code: 'not_found', message: 'No unit with id 999999: no label was made.' });
    await setDrillBarcode(null);
    expect(
      await refusalOf(b, () =>
        b.api.labelsHtml({ serialIds: [ids.serial('MKT18-A1001')], size: '50x25', code: 'gs1' }),
      ),
    ).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('None of these products has a GTIN') });
    // With a GTIN on one product of two, GS1 labels go to that one; the other unit gets its SN: Code 128.
    const mixed = await okValue(
      b.api.labelsHtml({
        serialIds: [ids.serial('MKT18-A1001'), ids.serial('DL5440-0001')],
        size: '50x25',
        code: 'gs1',
      }),
    );
    expect(mixed.html.match(/class="label gs1"/g)).toHaveLength(1);
    expect(mixed.html).toContain('SN:MKT18-A1001');
    await okValue(b.api.renameSerial({ id: ids.serial('DL5440-0002'), serial: 'DL5440 0002 (B)', reason: 'test' }));
    expect(
      await refusalOf(b, () =>
        b.api.labelsHtml({ serialIds: [ids.serial('DL5440-0002')], size: '50x25', code: 'gs1' }),
      ),
    ).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('DL5440 0002 (B) cannot go in a GS1 DataMatrix'),
    });
    expect(await refusalOf(b, () => b.api.labelUnits({ receiptId: 999_999 }))).toMatchObject({
      code: 'not_found',
      message: 'No goods receipt with id 999999.',
    });
  });
});
