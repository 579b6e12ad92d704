/**
 * `npm run corpus:build -- <corpus dir> [out file]`: reads every Akoma Ntoso
 * file under the corpus folder (`../shared/corpus` holds sessions 75–79 of the
 * General Assembly) with Concord's importer and writes the agreed-language
 * finder's extract, `corpus/adopted-paragraphs.json.gz` by default. Files are
 * read in sorted order and the output holds no path or time: the same corpus
 * gives the same bytes. Files the importer refuses are listed, not fatal.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  buildExtract,
  readAdoptedResolutions,
  type ReadResolution,
} from '../lib/precedents/build-extract';
import { writeExtract } from '../lib/precedents/extract-file';
import { DEFAULT_EXTRACT_PATH } from '../lib/precedents/load-index';
import { projectRoot } from '../server/project-root';

function xmlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return xmlFiles(full);
      return entry.name.endsWith('.xml') ? [full] : [];
    });
}

const [dirArg, outArg] = process.argv.slice(2);
if (!dirArg) {
  console.error('Usage: npm run corpus:build -- <corpus dir> [out file]');
  process.exit(2);
}
const dir = path.resolve(dirArg);
if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
  console.error(`${dir} is not a folder: give the corpus folder (e.g. ../shared/corpus).`);
  process.exit(2);
}
const out = path.resolve(outArg ?? path.join(projectRoot, DEFAULT_EXTRACT_PATH));
const started = performance.now();
const files = xmlFiles(dir);
if (files.length === 0) {
  console.error(`No .xml file under ${dir}.`);
  process.exit(1);
}
const resolutions: ReadResolution[] = [];
const skipped: string[] = [];
files.forEach((file, i) => {
  const session = Number(/(\d+)session/.exec(path.relative(dir, file))?.[1] ?? 0);
  const read = readAdoptedResolutions(fs.readFileSync(file, 'utf8'), session);
  if ('problem' in read) skipped.push(`${path.relative(dir, file)}: ${read.problem}`);
  else resolutions.push(...read.resolutions);
  if (process.stderr.isTTY && (i % 100 === 99 || i === files.length - 1)) {
    process.stderr.write(`\rRead ${i + 1} of ${files.length} files`);
  }
});
if (process.stderr.isTTY) process.stderr.write('\n');
const sessions = [...new Set(resolutions.map((r) => r.session))].sort((a, b) => a - b);
const extract = buildExtract(
  resolutions,
  `General Assembly resolutions in Akoma Ntoso (UNxml/GAresolutions), sessions ${sessions[0]}–${sessions.at(-1)}: ${resolutions.length} read of ${files.length} files`,
);
const data = writeExtract(extract);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(`${out}.tmp`, data);
fs.renameSync(`${out}.tmp`, out);
const paragraphs = extract.resolutions.reduce((sum, r) => sum + r.paragraphs.length, 0);
console.log(
  JSON.stringify(
    {
      out: path.relative(process.cwd(), out),
      files: files.length,
      resolutions: resolutions.length,
      paragraphs,
      distinctTexts: extract.texts.length,
      bytes: data.length,
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      skipped,
    },
    null,
    2,
  ),
);
