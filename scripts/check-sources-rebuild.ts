/**
 * AMO check: the sources archive rebuilds the shipped Firefox package. Zips the add-on and
 * its sources (`wxt zip -b firefox`), unpacks the sources into an empty temp folder, runs
 * the steps of SOURCE_CODE_REVIEW.md there (`npm ci`, `npm run build:firefox`) and compares
 * every file of the rebuilt add-on with the package, byte for byte.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const version = JSON.parse(await readFile('package.json', 'utf8')).version as string;
const name = 'asyncio-interview-copilot';
const packageZip = path.resolve(`.output/${name}-${version}-firefox.zip`);
const sourcesZip = path.resolve(`.output/${name}-${version}-sources.zip`);

async function fileHashes(root: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    hashes.set(path.relative(root, file), createHash('sha256').update(await readFile(file)).digest('hex'));
  }
  return hashes;
}

const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });

const keep = process.env.KEEP_SOURCES_CHECK === "1";
const started = Date.now();
run('npx', ['wxt', 'zip', '-b', 'firefox'], process.cwd());
const work = await mkdtemp(path.join(os.tmpdir(), 'copilot-sources-'));
try {
  const sources = path.join(work, 'sources');
  const shipped = path.join(work, 'shipped');
  run('unzip', ['-q', sourcesZip, '-d', sources], work);
  run('unzip', ['-q', packageZip, '-d', shipped], work);
  // The npm cache serves what it has; the registry the rest.
  run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], sources);
  run('npm', ['run', '--silent', 'build:firefox'], sources);

  const expected = await fileHashes(shipped);
  const rebuilt = await fileHashes(path.join(sources, '.output/firefox-mv2'));
  const problems: string[] = [];
  for (const [file, hash] of expected) {
    if (!rebuilt.has(file)) problems.push(`missing from the rebuild: ${file}`);
    else if (rebuilt.get(file) !== hash) problems.push(`differs: ${file}`);
  }
  for (const file of rebuilt.keys()) if (!expected.has(file)) problems.push(`only in the rebuild: ${file}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length > 0) {
    console.error(`The sources archive does not rebuild the package (${seconds} s):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`Sources archive rebuilds the Firefox package: ${expected.size} files identical (${seconds} s).`);
} finally {
  if (keep) console.log(`kept ${work}`);
  else await rm(work, { recursive: true, force: true });
}
