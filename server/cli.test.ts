import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { tempDatabasePath } from '@/lib/testing/temp-database';
import { projectRoot } from './project-root';

/** The command-line tool as a user runs it (`npm run cli -- …`), on a throw-away database. */

const temp = tempDatabasePath();
after(() => temp.cleanup());

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_PATH: temp.file,
    ALLOW_DEMO_ACCOUNTS: 'true',
  };
  delete env.DATABASE_URL;
  delete env.CONCORD_PRECEDENTS_PATH;
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'server/cli.ts', ...args],
      { cwd: projectRoot, env, maxBuffer: 64 * 1024 * 1024 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

interface PrecedentsReport {
  source: string;
  paragraphs: {
    ref: string;
    words: number;
    agreedWords: number;
    coverage: number;
    spans: { text: string; sources: string[] }[];
    sources: {
      symbol: string;
      ref: string;
      title: string;
      date: string;
      committee: string;
      vote: string;
      exact: boolean;
    }[];
  }[];
  summary: { paragraphs: number; agreedParagraphs: number; agreedWordShare: number };
}

const DRAFT = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';
const SMALL = path.join(path.dirname(temp.file), 'small.md');
fs.writeFileSync(
  SMALL,
  `*The General Assembly*,

*Recalling* the Second Optional Protocol to the International Covenant on Civil and Political Rights,[^1] aiming at the abolition of the death penalty, and in this regard welcoming the increasing number of accessions to and ratifications of the Second Optional Protocol,

1. *Calls upon* all States:

    (a) To reduce the number of offences for which the death penalty may be imposed, including by considering removing the mandatory application of the death penalty;

    (b) To establish a lunar observatory for the joint study of tides, comets and the weather of distant planets;

[^1]: Resolution 44/128, annex.
`,
);
const TITLE = 'Enhancement of international cooperation in the field of human rights';

describe('npm run cli -- precedents', () => {
  let fileRun: Run;
  let fromFile: PrecedentsReport;
  let demo: Run;
  let smallRun: Run;

  // The demo draft is the same fixture, with amendments proposed in its text (as marks).
  before(async () => {
    [fileRun, demo, smallRun] = await Promise.all([
      cli('precedents', DRAFT),
      cli('demo', '--amendment-model', 'marks'),
      cli('precedents', SMALL),
    ]);
  });

  test('a draft resolution in Markdown: most paragraphs are agreed language from earlier years', async () => {
    assert.equal(fileRun.code, 0, fileRun.stderr);
    fromFile = JSON.parse(fileRun.stdout) as PrecedentsReport;
    const { paragraphs, summary } = fromFile;
    assert.equal(fromFile.source, DRAFT);
    assert.equal(paragraphs.length, 33);
    assert.deepEqual(
      paragraphs.slice(14, 18).map((p) => p.ref),
      ['PP15', 'PP16', 'OP1', 'OP2'],
    );
    const agreed = paragraphs.filter((p) => p.coverage >= 0.5);
    assert.equal(summary.paragraphs, 33);
    assert.equal(summary.agreedParagraphs, agreed.length);
    assert.ok(agreed.length >= 0.8 * paragraphs.length, `${agreed.length} of 33 agreed`);
    assert.ok(summary.agreedWordShare >= 0.5 && summary.agreedWordShare <= 1);
    for (const p of agreed) {
      assert.equal(p.coverage, Math.round((100 * p.agreedWords) / p.words) / 100, p.ref);
      const own = p.sources.filter((s) => s.title === TITLE);
      assert.ok(own.length > 0, `${p.ref}: no source titled “${TITLE}”`);
      for (const s of own) {
        assert.match(s.symbol, /^A\/RES\/7\d\/\d+$/);
        assert.equal(s.vote, 'adopted without a vote');
      }
      assert.ok(p.sources.every((s, i) => i === 0 || s.date <= (p.sources[i - 1]?.date ?? '')));
      assert.ok(p.spans.length > 0 && p.spans.every((span) => span.sources.length > 0));
      assert.ok(
        p.spans.every((span) => span.sources.every((s) => /^A\/RES\/\S+ (PP|OP)\d/.test(s))),
      );
    }
    assert.ok(agreed.some((p) => p.sources.some((s) => s.title === TITLE && s.exact)));
  });

  test('a draft: its agreed text, pending amendments left out', async () => {
    assert.equal(demo.code, 0, demo.stderr);
    const list = await cli('draft', 'list');
    const draftId = list.stdout.split(/\s+/)[0] ?? '';
    assert.ok(draftId, list.stdout);
    const run = await cli('precedents', draftId);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /5 pending amendments are left out/);
    const report = JSON.parse(run.stdout) as PrecedentsReport;
    assert.equal(report.source, `draft ${draftId} “${TITLE}”`);
    assert.deepEqual(report.paragraphs, fromFile.paragraphs);
  });

  test('sub-paragraphs by reference, footnotes left out, new language with no source', () => {
    assert.equal(smallRun.code, 0, smallRun.stderr);
    const { paragraphs, summary } = JSON.parse(smallRun.stdout) as PrecedentsReport;
    assert.deepEqual(
      paragraphs.map((p) => [p.ref, p.coverage]),
      [
        ['PP1', 1],
        ['OP1', 0],
        ['OP1 (a)', 1],
        ['OP1 (b)', 0],
      ],
    );
    const [pp1, op1, a, b] = paragraphs;
    assert.ok(pp1?.sources.some((s) => `${s.symbol} ${s.ref}` === 'A/RES/79/179 PP3' && s.exact));
    assert.equal(pp1?.spans[0]?.text.startsWith('the Second Optional Protocol'), true);
    assert.ok(a?.sources.some((s) => `${s.symbol} ${s.ref}` === 'A/RES/79/179 OP8 (f)' && s.exact));
    // "Calls upon all States:" has two words after its opener: fewer than a passage.
    assert.deepEqual([op1?.words, op1?.sources], [2, []]);
    assert.deepEqual([b?.agreedWords, b?.spans, b?.sources], [0, [], []]);
    const words = paragraphs.reduce((sum, p) => sum + p.words, 0);
    const agreedWords = (pp1?.words ?? 0) + (a?.words ?? 0);
    assert.deepEqual(summary, {
      paragraphs: 4,
      agreedParagraphs: 2,
      agreedWordShare: Math.round((100 * agreedWords) / words) / 100,
    });
  });

  test('an unknown file, an unknown draft, a broken file: a message and a failure', async () => {
    const broken = path.join(path.dirname(temp.file), 'broken.md');
    fs.writeFileSync(broken, 'Not a resolution.\n');
    const runs = await Promise.all([
      cli('precedents', 'fixtures/no-such-draft.md'),
      cli('precedents', '00000000-0000-4000-8000-000000000000'),
      cli('precedents', broken),
      cli('precedents'),
    ]);
    const [noFile, noDraft, brokenFile, nothing] = runs;
    assert.match(noFile?.stderr ?? '', /^There is no file fixtures\/no-such-draft\.md\./);
    assert.match(noDraft?.stderr ?? '', /^There is no draft 00000000-0000-4000-8000-000000000000/);
    assert.match(brokenFile?.stderr ?? '', /^Import failed: broken\.md: No enacting formula found/);
    assert.match(nothing?.stderr ?? '', /^Expected: precedents <file\.md\|file\.xml\|draftId>/);
    for (const run of runs) {
      assert.notEqual(run.code, 0, run.stderr);
      assert.equal(run.stdout, '');
    }
  });
});
