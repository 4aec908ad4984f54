// The icons `npm run icons` renders into build/ from build/icon.svg are committed and in the formats the installers
// need: a 1024×1024 PNG, an ICNS (macOS), an ICO with the 256 px and 16 px entries Windows shows, and the tray sizes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const buildDir = path.resolve(import.meta.dirname, '..', '..', 'build');
const read = (name: string) => fs.readFileSync(path.join(buildDir, name));

/** A PNG's signature and its IHDR size. */
function pngSize(data: Buffer): { width: number; height: number } {
  expect(data.subarray(0, 8).toString('hex'), 'PNG signature').toBe('89504e470d0a1a0a');
  expect(data.subarray(12, 16).toString('latin1'), 'first chunk is IHDR').toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('app icons in build/', () => {
  it('has the source SVG and a 1024×1024 PNG rendered from it', () => {
    expect(read('icon.svg').toString('utf8')).toMatch(/^<svg [^>]*viewBox="0 0 1024 1024"/);
    expect(pngSize(read('icon.png'))).toEqual({ width: 1024, height: 1024 });
  });

  it('has an ICNS whose header names its own length', () => {
    const icns = read('icon.icns');
    expect(icns.subarray(0, 4).toString('latin1'), "ICNS magic 'icns'").toBe('icns');
    expect(icns.readUInt32BE(4), 'ICNS length field').toBe(icns.length);
  });

  it('has an ICO with 256 px and 16 px entries', () => {
    const ico = read('icon.ico');
    expect(ico.readUInt16LE(0), 'ICO reserved').toBe(0);
    expect(ico.readUInt16LE(2), 'ICO type 1 (icon)').toBe(1);
    const count = ico.readUInt16LE(4);
    // Each 16-byte directory entry starts with width and height; 0 stands for 256.
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256);
    expect(sizes, `ICO entries ${sizes.join(', ')}`).toContain(256);
    expect(sizes, `ICO entries ${sizes.join(', ')}`).toContain(16);
  });

  it('has the tray variants at 1× and 2×', () => {
    expect(pngSize(read('tray.png'))).toEqual({ width: 32, height: 32 });
    expect(pngSize(read('tray@2x.png'))).toEqual({ width: 64, height: 64 });
    expect(pngSize(read('trayTemplate.png'))).toEqual({ width: 16, height: 16 });
    expect(pngSize(read('trayTemplate@2x.png'))).toEqual({ width: 32, height: 32 });
  });
});
