/**
 * Runs Mozilla's addons-linter (what addons.mozilla.org runs on upload) on the built Firefox
 * add-on. Fails on any error, and on any warning not explained in docs/firefox.md: each
 * warning there has a row naming its code and file, so a new one fails until it is removed
 * or explained.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import linter from 'addons-linter';

const ADDON_DIR = path.resolve('.output/firefox-mv2');

interface LinterMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
}

const result = (await linter
  .createInstance({ config: { _: [ADDON_DIR], logLevel: 'fatal', stack: false, pretty: false, warningsAsErrors: false, metadata: false, output: 'none', boring: true, selfHosted: false }, runAsBinary: false })
  .run()) as { errors: LinterMessage[]; warnings: LinterMessage[]; notices: LinterMessage[] };

// Built file names carry a content hash (chunks/backup-UjO2WmXZ.js): the docs name the stem.
const stem = (file = '') => file.replace(/-[A-Za-z0-9_-]{8}\.js$/, '.js');
const docs = await readFile('docs/firefox.md', 'utf8');
const explained = (message: LinterMessage) => docs.includes(`| ${message.code} | ${stem(message.file)} |`);

const show = (message: LinterMessage) => `  ${message.code} ${message.file ?? ''}${message.line ? `:${message.line}` : ''}: ${message.message}`;
console.log(`addons-linter: ${result.errors.length} errors, ${result.warnings.length} warnings, ${result.notices.length} notices`);
for (const message of result.errors) console.log(`error${show(message)}`);
const unexplained = result.warnings.filter((warning) => !explained(warning));
for (const warning of result.warnings) console.log(`${explained(warning) ? 'explained' : 'NEW'}${show(warning)}`);
if (result.errors.length > 0 || unexplained.length > 0) {
  console.error(`${result.errors.length} errors and ${unexplained.length} warnings not explained in docs/firefox.md`);
  process.exit(1);
}
