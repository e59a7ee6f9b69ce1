import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';

/**
 * npm run icons — renders assets/icon.svg to the PNG sizes the browsers ask for (toolbar,
 * Extensions menu, context menu, store listing, the panel's header) into public/icon/.
 * The PNGs are committed, so a build needs no renderer.
 */
export const ICON_SIZES = [16, 32, 48, 128] as const;
const source = await readFile(path.resolve('assets/icon.svg'), 'utf8');
const outDir = path.resolve('public/icon');
await mkdir(outDir, { recursive: true });
for (const size of ICON_SIZES) {
  const png = new Resvg(source, { fitTo: { mode: 'width', value: size } }).render().asPng();
  await writeFile(path.join(outDir, `${size}.png`), png);
  console.log(`public/icon/${size}.png  ${png.length} bytes`);
}
