import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importResolutionMarkdown } from '../import/resolution-markdown';
import { newId } from '../schema/new-id';
import { resolutionJSON } from '../schema/resolution-json';
import { readFixture } from '../testing/fixtures';
import { compareRevisions } from './compare';
import { comparisonMarkdown } from './comparison-markdown';

function revisions() {
  const { document } = importResolutionMarkdown(readFixture('A_RES_79_89.md'));
  const zero = { header: document.header, body: resolutionJSON(document.body) };
  const rev1 = structuredClone(zero);
  const [preamble, operative] = rev1.body.content ?? [];
  assert.ok(preamble?.content && operative?.content);
  preamble.content.splice(0, 1);
  const [op1] = operative.content.splice(0, 1);
  assert.ok(op1);
  operative.content.splice(2, 0, op1);
  operative.content.unshift({
    type: 'operativeParagraph',
    attrs: { paragraphId: newId() },
    content: [{ type: 'text', text: 'Welcomes the report;' }],
  });
  rev1.header.symbol = 'A/C.4/79/L.14/Rev.1';
  return { zero, rev1 };
}

/** The Markdown read with every insertion and no deletion (`newer`), or the other way. */
function read(markdown: string, side: 'older' | 'newer'): string {
  const [keep, drop] = side === 'newer' ? ['++', '--'] : ['--', '++'];
  const escape = (marker: string) => marker.replace(/[+-]/g, '\\$&');
  return markdown
    .replace(new RegExp(`\\{${escape(drop)}[\\s\\S]*?${escape(drop)}\\}`, 'g'), '')
    .replace(new RegExp(`\\{${escape(keep)}([\\s\\S]*?)${escape(keep)}\\}`, 'g'), '$1');
}

test('the comparison in Markdown: notes on each paragraph, CriticMarkup for the words', () => {
  const { zero, rev1 } = revisions();
  const markdown = comparisonMarkdown(compareRevisions(zero, rev1));
  assert.match(
    markdown,
    /^Paragraphs: 0 changed, 1 moved, 1 new, 1 deleted, \d+ renumbered, \d+ unchanged\. Header: 1 header field changed\.\n/,
  );
  assert.match(
    markdown,
    /\n- Symbol: \{--A\/RES\/79\/89--\}\{\+\+A\/C\.4\/79\/L\.14\/Rev\.1\+\+\}\n/,
  );
  assert.match(markdown, /\n\*\*PP1\*\* \(deleted\) \{--\*[A-Z]/);
  assert.match(markdown, /\n\*\*OP1\*\* \(new\) \{\+\+Welcomes the report;\+\+\}\n/);
  assert.match(markdown, /\n\*\*OP4\*\* \(moved from OP1\) \*[A-Z]/);
  // Changed only by default: no renumbered paragraph.
  assert.doesNotMatch(markdown, /\(was OP/);
  const all = comparisonMarkdown(compareRevisions(zero, rev1), { all: true });
  assert.match(all, /\n\*\*OP5\*\* \(was OP4\) \*Calls upon\*/);
  // Read one way or the other, the paragraphs are the newer or the older text.
  const paragraphs = (text: string) =>
    text
      .split('## Text')[1]
      ?.split('\n\n')
      .filter((line) => line.startsWith('**'))
      .map((line) => line.replace(/^\*\*[^*]+\*\* (?:\([^)]*\) )?/, '')) ?? [];
  const newer = paragraphs(read(all, 'newer')).filter(Boolean);
  const older = paragraphs(read(all, 'older')).filter(Boolean);
  assert.ok(newer.includes('Welcomes the report;'));
  assert.ok(!older.includes('Welcomes the report;'));
  assert.equal(newer.length, older.length, 'one added, one deleted');
});
