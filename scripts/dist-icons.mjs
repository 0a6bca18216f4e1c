// Renders build/icon.svg into the icons electron-builder packs: PNGs for Linux (build/icons/<n>x<n>.png),
// build/icon.png (1024), build/icon.ico (Windows, PNG entries) and build/icon.icns (macOS, PNG entries).
// Rendering uses the Chromium the tests use (CHROMIUM_PATH or /usr/bin/chromium). Run: node scripts/dist-icons.mjs
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const svg = await readFile('build/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const png = new Map();
try {
  const page = await browser.newPage();
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`);
    png.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
  }
} finally {
  await browser.close();
}

await mkdir('build/icons', { recursive: true });
for (const size of SIZES.filter((s) => s <= 512)) await writeFile(`build/icons/${size}x${size}.png`, png.get(size));
await writeFile('build/icon.png', png.get(1024));

// ICO: a directory of entries, each image stored as PNG (allowed since Windows Vista).
const icoSizes = [16, 24, 32, 48, 64, 128, 256];
const header = Buffer.alloc(6 + 16 * icoSizes.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(icoSizes.length, 4);
let offset = header.length;
icoSizes.forEach((size, i) => {
  const data = png.get(size);
  const at = 6 + 16 * i;
  header.writeUInt8(size === 256 ? 0 : size, at);
  header.writeUInt8(size === 256 ? 0 : size, at + 1);
  header.writeUInt16LE(1, at + 4);
  header.writeUInt16LE(32, at + 6);
  header.writeUInt32LE(data.length, at + 8);
  header.writeUInt32LE(offset, at + 12);
  offset += data.length;
});
await writeFile('build/icon.ico', Buffer.concat([header, ...icoSizes.map((s) => png.get(s))]));

// ICNS: "icns", total length, then (type, length incl. 8-byte header, PNG data) per entry.
const icnsTypes = [['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024]];
const entries = icnsTypes.map(([type, size]) => {
  const data = png.get(size);
  const head = Buffer.alloc(8);
  head.write(type, 0, 'ascii');
  head.writeUInt32BE(data.length + 8, 4);
  return Buffer.concat([head, data]);
});
const body = Buffer.concat(entries);
const icnsHead = Buffer.alloc(8);
icnsHead.write('icns', 0, 'ascii');
icnsHead.writeUInt32BE(body.length + 8, 4);
await writeFile('build/icon.icns', Buffer.concat([icnsHead, body]));
console.log(`icons written: ${SIZES.join(', ')} px; build/icon.ico, build/icon.icns`);
