import fs from 'node:fs';
import { isFootnoteRun, type InlineRun, type TextRun } from '../schema/resolution-document';

const FIXTURES = new URL('../../fixtures/', import.meta.url);

/** A file of the repository's `fixtures/` folder, as text. */
export function readFixture(name: string): string {
  return fs.readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** The Markdown fixtures (real UN texts), by file name. */
export function markdownFixtures(): string[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.md'))
    .sort();
}

/** The counts a fixture's header comment states: "Counts: 17 preambular paragraphs, 12 operative paragraphs, 10 footnotes". */
export function statedCounts(
  text: string,
): { preambular: number; operative: number; footnotes: number } | null {
  const match =
    /Counts: (\d+) preambular paragraphs?, (\d+) operative paragraphs?, (\d+) footnotes?/.exec(
      text,
    );
  return match
    ? { preambular: Number(match[1]), operative: Number(match[2]), footnotes: Number(match[3]) }
    : null;
}

function textMarkup(runs: readonly TextRun[]): string {
  return runs
    .map((run) => (run.bold ? `**${run.text}**` : run.italic ? `*${run.text}*` : run.text))
    .join('');
}

/** Runs as compact text for exact comparisons: `*italic*`, `**bold**`, `^[footnote text]`. */
export function markup(runs: readonly InlineRun[]): string {
  return runs
    .map((run) => (isFootnoteRun(run) ? `^[${textMarkup(run.footnote)}]` : textMarkup([run])))
    .join('');
}
