/**
 * What the agreed-language finder costs, against the targets:
 *
 * - build: `npm run corpus:build` over the whole corpus (`../shared/corpus`, 1,658 files), run
 *   as a child process writing to a temporary file, timed from spawn to exit (≤ 60 s); skipped
 *   when the corpus is absent;
 * - load: reading the committed extract and building the index as a server does (async gunzip,
 *   a slice at a time), in a fresh process with the garbage collector exposed: time, and heap, array buffers and RSS after a full collection,
 *   less the same process before the load (memory: stated, no target);
 * - a 300-paragraph draft matched paragraph by paragraph, as the editor asks when a draft opens
 *   (the demo draft's 33 paragraphs, 200 adopted paragraphs with one to three words changed, 67
 *   adopted paragraphs with their words shuffled as new language): median and p95 of full
 *   passes (≤ 200 ms);
 * - one edited paragraph matched again, as after a keystroke: p50, p95 and p99 over varied
 *   edits of the draft's paragraphs (≤ 10 ms at p95), and `closest` for the Precedents panel.
 *
 *   npm run bench -- precedents [--corpus ../shared/corpus] [--builds 1] [--loads 3]
 *                               [--rounds 30] [--edits 1000] [--seed 7]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { importResolutionFile } from '../lib/import/import-file';
import { plainText } from '../lib/import/inline-runs';
import { readExtract } from '../lib/precedents/extract-file';
import { DEFAULT_EXTRACT_PATH } from '../lib/precedents/load-index';
import { wordsOf } from '../lib/precedents/normalise';
import { PrecedentIndex } from '../lib/precedents/precedent-index';
import { randomInt, seededRandom } from '../lib/testing/seeded-random';
import {
  killOnExit,
  machineDescription,
  median,
  peakRssMb,
  percentile,
  ROOT,
  temporaryDir,
} from './harness';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'precedents'),
  options: {
    corpus: { type: 'string', default: path.join(ROOT, '..', 'shared', 'corpus') },
    builds: { type: 'string', default: '1' },
    loads: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '30' },
    edits: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '7' },
  },
});
const random = seededRandom(Number(values.seed));
const EXTRACT = path.join(ROOT, DEFAULT_EXTRACT_PATH);
const FIXTURE = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';

const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(0));
const mb = (bytes: number) => (bytes / 1024 ** 2).toFixed(1);

/** Runs a child Node process (through tsx) to its end: its output, wall time and peak RSS. */
function runNode(
  args: string[],
): Promise<{ stdout: string; stderr: string; ms: number; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    killOnExit(child);
    let stdout = '';
    let stderr = '';
    let peak = 0;
    // VmHWM is the process's own high-water mark: the last reading before exit is its peak.
    const poll = setInterval(() => {
      try {
        peak = Math.max(peak, peakRssMb(child.pid ?? 0));
      } catch {
        // exited between two readings
      }
    }, 20);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(poll);
      const elapsed = performance.now() - started;
      if (code === 0) resolve({ stdout, stderr, ms: elapsed, peakRssMb: peak });
      else reject(new Error(`node ${args.join(' ')} failed (${code}):\n${stderr || stdout}`));
    });
  });
}

async function benchBuild(): Promise<void> {
  const corpus = path.resolve(values.corpus);
  if (!fs.existsSync(corpus)) {
    console.log(`build: skipped, no corpus at ${corpus} (give one with --corpus <dir>)`);
    return;
  }
  const out = temporaryDir('concord-precedents-');
  const file = path.join(out.dir, 'adopted-paragraphs.json.gz');
  const times: number[] = [];
  const peaks: number[] = [];
  const own: number[] = [];
  let report: Record<string, unknown> = {};
  for (let i = 0; i < Number(values.builds); i++) {
    const run = await runNode(['--import', 'tsx', 'scripts/corpus-build.ts', corpus, file]);
    times.push(run.ms);
    peaks.push(run.peakRssMb);
    report = JSON.parse(run.stdout) as Record<string, unknown>;
    own.push(Number(report.seconds));
  }
  const same = fs.readFileSync(file).equals(fs.readFileSync(EXTRACT));
  out.remove();
  console.log(
    `build: npm run corpus:build -- ${path.relative(ROOT, corpus)}: ${(median(times) / 1000).toFixed(1)} s ` +
      `spawn to exit (median of ${times.length}; by the script's own clock ${median(own).toFixed(1)} s), ` +
      `peak RSS ${median(peaks).toFixed(0)} MB; ${String(report.resolutions)} resolutions of ` +
      `${String(report.files)} files, ${String(report.paragraphs)} paragraphs, ` +
      `${String(report.distinctTexts)} distinct texts, ${mb(Number(report.bytes))} MB gzip; ` +
      `${same ? 'the same bytes as' : 'DIFFERENT from'} ${DEFAULT_EXTRACT_PATH} [target ≤ 60 s]`,
  );
}

/** Run in a fresh process: the index's load time and what it holds after a full collection. */
const LOAD_SCRIPT = `
import fs from 'node:fs';
import { readExtract } from './lib/precedents/extract-file.ts';
import { PrecedentIndex } from './lib/precedents/precedent-index.ts';
const memory = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage(); };
const before = memory();
const t0 = performance.now();
const extract = await readExtract(fs.readFileSync(process.argv[1]));
const t1 = performance.now();
const index = await PrecedentIndex.build(extract);
const t2 = performance.now();
// Buffers zlib and the read leave behind are released after a turn of the event loop.
await new Promise((resolve) => setTimeout(resolve, 100));
const after = memory();
const hwm = /VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1];
console.log(JSON.stringify({ readMs: t1 - t0, indexMs: t2 - t1, before, after, peakRssKb: Number(hwm), size: index.size }));
`;

interface LoadReading {
  readMs: number;
  indexMs: number;
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
  peakRssKb: number;
  size: PrecedentIndex['size'];
}

async function benchLoad(): Promise<void> {
  const readings: LoadReading[] = [];
  for (let i = 0; i < Number(values.loads); i++) {
    const run = await runNode([
      '--expose-gc',
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      LOAD_SCRIPT,
      EXTRACT,
    ]);
    readings.push(JSON.parse(run.stdout) as LoadReading);
  }
  const delta = (key: keyof NodeJS.MemoryUsage) =>
    median(readings.map((r) => r.after[key] - r.before[key]));
  const size = readings[0]?.size;
  console.log(
    `load: ${DEFAULT_EXTRACT_PATH} (${mb(fs.statSync(EXTRACT).size)} MB): ` +
      `${ms(median(readings.map((r) => r.readMs + r.indexMs)))} ms ` +
      `(gunzip + JSON ${ms(median(readings.map((r) => r.readMs)))} ms, index ${ms(median(readings.map((r) => r.indexMs)))} ms), ` +
      `median of ${readings.length} fresh processes`,
  );
  console.log(
    `  memory after a full GC, less before the load: heap ${mb(delta('heapUsed'))} MB, ` +
      `array buffers ${mb(delta('arrayBuffers'))} MB, external (incl. array buffers) ${mb(delta('external'))} MB, ` +
      `RSS ${mb(delta('rss'))} MB; process peak RSS ${(median(readings.map((r) => r.peakRssKb)) / 1024).toFixed(0)} MB ` +
      `(${mb(median(readings.map((r) => r.before.rss)))} MB before the load)`,
  );
  if (size) {
    console.log(
      `  ${size.resolutions} resolutions, ${size.paragraphs} paragraphs, ${size.distinctTexts} texts, ` +
        `${size.words} words, ${size.vocabulary} distinct words, ${size.windows} windows`,
    );
  }
}

/** One to three words of `text` replaced, dropped or doubled, away from its opener. */
function editWords(text: string, count: number, vocabulary: readonly string[]): string {
  let edited = text;
  for (let i = 0; i < count; i++) {
    const words = wordsOf(edited);
    if (words.length < 4) break;
    const word = words[1 + randomInt(random, words.length - 1)]!;
    const kind = randomInt(random, 3);
    const replacement =
      kind === 0
        ? vocabulary[randomInt(random, vocabulary.length)]!
        : kind === 1
          ? ''
          : `${edited.slice(word.start, word.end)} ${edited.slice(word.start, word.end)}`;
    edited = `${edited.slice(0, word.start)}${replacement}${edited.slice(word.end)}`;
  }
  return edited;
}

/** What a delegate does to one paragraph between two look-ups: types a letter, a word, deletes one. */
function keystrokeEdit(text: string, vocabulary: readonly string[]): string {
  const at = randomInt(random, text.length + 1);
  switch (randomInt(random, 4)) {
    case 0:
      return `${text.slice(0, at)}e${text.slice(at)}`;
    case 1:
      return `${text.slice(0, at)} ${vocabulary[randomInt(random, vocabulary.length)]!} ${text.slice(at)}`;
    case 2:
      return `${text.slice(0, at)}${text.slice(at + 1)}`;
    default:
      return editWords(text, 1, vocabulary);
  }
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

async function benchMatching(): Promise<void> {
  const extract = await readExtract(fs.readFileSync(EXTRACT));
  const index = new PrecedentIndex(extract);
  const { document } = importResolutionFile(
    FIXTURE,
    fs.readFileSync(path.join(ROOT, FIXTURE), 'utf8'),
  );
  const demo = [
    ...document.body.preamble.map(plainText),
    ...document.body.operative.flatMap((block) =>
      block.kind === 'heading' ? [] : [plainText(block.content)],
    ),
  ];
  const long = extract.texts.filter((text) => wordsOf(text).length >= 15);
  const vocabulary = [...new Set(long.slice(0, 2000).flatMap((text) => text.split(/\s+/)))];
  const pick = () => long[randomInt(random, long.length)]!;
  const edited = Array.from({ length: 200 }, () =>
    editWords(pick(), 1 + randomInt(random, 3), vocabulary),
  );
  const fresh = Array.from({ length: 300 - demo.length - edited.length }, () =>
    shuffled(
      pick()
        .replace(/[;,.]$/, '')
        .split(/\s+/),
    ).join(' '),
  );
  const draft = [...demo, ...edited, ...fresh];
  const characters = draft.reduce((sum, text) => sum + text.length, 0);
  const share = (texts: readonly string[]) => {
    const matches = texts.map((text) => index.match(text));
    const words = matches.reduce((sum, m) => sum + m.words, 0);
    return `${((100 * matches.reduce((sum, m) => sum + m.agreedWords, 0)) / words).toFixed(0)} %`;
  };
  console.log(
    `draft: ${draft.length} paragraphs, ${characters} characters; agreed words: demo ${share(demo)}, ` +
      `edited ${share(edited)}, shuffled ${share(fresh)}`,
  );

  for (let i = 0; i < 3; i++) for (const text of draft) index.match(text);
  const passes: number[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    const started = performance.now();
    for (const text of draft) index.match(text);
    passes.push(performance.now() - started);
  }
  console.log(
    `match, whole draft (${draft.length} paragraphs): median ${ms(median(passes))} ms, ` +
      `p95 ${ms(percentile(passes, 95))} ms, max ${ms(Math.max(...passes))} ms over ${passes.length} passes ` +
      '[target ≤ 200 ms]',
  );

  const single: number[] = [];
  const nearest: number[] = [];
  for (let i = 0; i < Number(values.edits); i++) {
    const text = keystrokeEdit(draft[randomInt(random, draft.length)]!, vocabulary);
    const started = performance.now();
    index.match(text);
    single.push(performance.now() - started);
    if (i % 5 === 0) {
      const asked = performance.now();
      index.closest(text);
      nearest.push(performance.now() - asked);
    }
  }
  const figures = (values: number[]) =>
    `p50 ${ms(percentile(values, 50))} ms, p95 ${ms(percentile(values, 95))} ms, ` +
    `p99 ${ms(percentile(values, 99))} ms, max ${ms(Math.max(...values))} ms over ${values.length}`;
  console.log(`match, one edited paragraph: ${figures(single)} [target p95 ≤ 10 ms]`);
  console.log(`closest, one edited paragraph: ${figures(nearest)}`);
}

console.log(`Agreed-language finder: ${new Date().toISOString()}, seed ${values.seed}`);
console.log(`machine: ${machineDescription()}`);
await benchBuild();
await benchLoad();
await benchMatching();
