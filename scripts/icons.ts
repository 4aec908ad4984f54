// `npm run icons`: renders every app and tray icon from the one source, build/icon.svg, into build/ (committed, so a
// release build needs nothing but this repo): icon.png (1024×1024), icon.icns (macOS), icon.ico (Windows), tray.png
// and tray@2x.png (the full-colour icon for the Windows and Linux tray), trayTemplate.png and trayTemplate@2x.png
// (black on transparent, the shape macOS tints in the menu bar; the name must end in "Template").
import fs from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const buildDir = path.resolve(import.meta.dirname, '..', 'build');
const source = fs.readFileSync(path.join(buildDir, 'icon.svg'), 'utf8');

/** The template variant: no coloured tile, the receipt in black; the C stays cut out, so only alpha carries it. */
function templateSvg(svg: string): string {
  const withoutTile = svg.replace(/<rect id="tile"[^>]*\/>/, '');
  const black = withoutTile.replace('id="receipt" fill="#ffffff"', 'id="receipt" fill="#000000"');
  if (black === svg || !black.includes('fill="#000000"'))
    throw new Error('build/icon.svg lost its tile or receipt ids');
  return black;
}

function render(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng();
}

function write(name: string, data: Buffer | null): void {
  if (!data) throw new Error(`png2icons could not make ${name}`);
  fs.writeFileSync(path.join(buildDir, name), data);
  console.log(`build/${name}: ${data.length} bytes`);
}

const master = render(source, 1024);
write('icon.png', master);
write('icon.icns', png2icons.createICNS(master, png2icons.BICUBIC, 0));
// forWinExe: PNG chunks for the large sizes, bitmaps below 64 px, which every Windows shell draws correctly.
write('icon.ico', png2icons.createICO(master, png2icons.BICUBIC, 0, false, true));
write('tray.png', render(source, 32));
write('tray@2x.png', render(source, 64));
const template = templateSvg(source);
write('trayTemplate.png', render(template, 16));
write('trayTemplate@2x.png', render(template, 32));
