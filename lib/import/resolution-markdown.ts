import type { ResolutionBody, TextRun } from '../schema/resolution-json';

/** The input is not a resolution Concord can read; the message says why. */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** A resolution read from Markdown, with what could not be kept. */
export interface ImportedResolution {
  title: string | null;
  body: ResolutionBody;
  /** Things the import dropped or changed, for the user to review. */
  warnings: string[];
}

const ENACTING_FORMULA = /^\*?The General Assembly\*?,\*?$/;
const OPERATIVE_START = /^(\d+)\.\s+/;
const SUBPARAGRAPH_START = /^\s+\(?([a-z]+|[ivxlc]+)[.)]\s+/;
const CLOSING = /^\d+(st|nd|rd|th) plenary meeting$/;
const FOOTNOTE_REF = /\[\^[^\]]+\]|<sup>\d+<\/sup>/g;

/** Splits `*italic*` and `**bold**` Markdown into text runs. */
export function parseInline(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let italic = false;
  let bold = false;
  let current = '';
  const push = () => {
    if (current)
      runs.push({ text: current, ...(italic ? { italic } : {}), ...(bold ? { bold } : {}) });
    current = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && i + 1 < text.length) {
      current += text[++i];
    } else if (char === '*' && text[i + 1] === '*') {
      push();
      bold = !bold;
      i++;
    } else if (char === '*') {
      push();
      italic = !italic;
    } else {
      current += char;
    }
  }
  push();
  // Merge neighbours with equal formatting (e.g. across an escaped character).
  return runs.reduce<TextRun[]>((merged, run) => {
    const last = merged.at(-1);
    if (last && !!last.italic === !!run.italic && !!last.bold === !!run.bold) last.text += run.text;
    else merged.push({ ...run });
    return merged;
  }, []);
}

function blocksOf(markdown: string): string[] {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.replace(/\s+$/, ''))
    .filter((block) => block.trim().length > 0);
}

function titleOf(blocks: readonly string[]): string | null {
  for (let i = blocks.length - 1; i >= 0; i--) {
    const line = (blocks[i] ?? '').trim().replace(/^#+\s*/, '');
    const bold = /^\*\*(.+)\*\*$/.exec(line);
    if (bold?.[1] && !/draft resolution$/.test(bold[1])) {
      return bold[1].replace(/^\d+\/\d+\.\s+/, '').trim();
    }
  }
  return null;
}

/**
 * Reads a resolution in the Markdown form of the fixtures: italic openers as
 * `*…*`, operative paragraphs numbered `1.`, sub-paragraphs indented.
 * @throws ImportError when no enacting formula or no paragraph is found.
 */
export function importResolutionMarkdown(markdown: string): ImportedResolution {
  const blocks = blocksOf(markdown);
  const formulaAt = blocks.findIndex((block) => ENACTING_FORMULA.test(block.trim()));
  if (formulaAt < 0) {
    throw new ImportError(
      'No enacting formula ("The General Assembly,") was found: the file does not look like a General Assembly resolution.',
    );
  }
  const warnings: string[] = [];
  const preamble: TextRun[][] = [];
  const operative: TextRun[][] = [];
  let footnotes = 0;
  let subparagraphs = 0;

  for (const block of blocks.slice(formulaAt + 1)) {
    const text = block.trim();
    if (
      CLOSING.test(text.split('\n')[0]?.trim() ?? '') ||
      text === '---' ||
      /^\[\^[^\]]+\]:/.test(text)
    )
      break;
    footnotes += (text.match(FOOTNOTE_REF) ?? []).length;
    const clean = text.replace(FOOTNOTE_REF, '').replace(/\s*\n\s*/g, ' ');
    if (SUBPARAGRAPH_START.test(block) && operative.length > 0) {
      subparagraphs++;
      operative.at(-1)?.push({ text: ` ${clean}` });
    } else if (OPERATIVE_START.test(clean)) {
      operative.push(parseInline(clean.replace(OPERATIVE_START, '')));
    } else if (operative.length === 0) {
      preamble.push(parseInline(clean));
    } else {
      warnings.push(
        `Text after operative paragraph ${operative.length} was not recognised and was left out: "${clean.slice(0, 60)}…"`,
      );
    }
  }
  if (preamble.length === 0 && operative.length === 0) {
    throw new ImportError('The file has an enacting formula but no paragraphs after it.');
  }
  if (footnotes > 0) {
    warnings.push(
      `${footnotes} footnote reference(s) were left out: footnotes are not supported yet.`,
    );
  }
  if (subparagraphs > 0) {
    warnings.push(
      `${subparagraphs} sub-paragraph(s) were joined to their operative paragraph: sub-paragraphs are not supported yet.`,
    );
  }
  return { title: titleOf(blocks.slice(0, formulaAt)), body: { preamble, operative }, warnings };
}
