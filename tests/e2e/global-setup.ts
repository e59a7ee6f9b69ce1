import { existsSync } from 'node:fs';
import { findChromium } from './chromium';
import { EXTENSION_PATH } from './fixtures';

export default function globalSetup() {
  if (!existsSync(`${EXTENSION_PATH}/manifest.json`)) {
    throw new Error(`No built extension at ${EXTENSION_PATH}: run "npm run build" first (npm test does).`);
  }
  process.env.CHROMIUM_PATH = findChromium();
}
