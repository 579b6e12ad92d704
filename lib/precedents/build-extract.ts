import { XMLSerializer } from '@xmldom/xmldom';
import { importAkomaNtoso } from '../import/akoma-ntoso';
import { ImportError } from '../import/import-result';
import { plainText } from '../import/inline-runs';
import { child, childElements, parseXml, textOf, type Located } from '../import/xml-tree';
import { subParagraphLabel } from '../schema/numbering';
import type { ResolutionBody } from '../schema/resolution-document';
import { EXTRACT_FORMAT, type AdoptedResolution, type PrecedentExtract, type Vote } from './model';

/**
 * Builds the finder's extract from adopted resolutions in Akoma Ntoso, read
 * with Concord's own importer: every PP, OP and sub-paragraph, footnotes left
 * out, headings skipped.
 */

/** One resolution read from its file, texts not yet shared. */
export interface ReadResolution extends Omit<AdoptedResolution, 'paragraphs'> {
  paragraphs: [ref: string, text: string][];
}

/**
 * How the resolution was adopted, from AKN4UN's `analysis/parliamentary/voting`:
 * `adoptedWithoutVote`, `adoptedRecordedVote` with its counts, or (in a few
 * files) the outcome as a sentence, "Adopted 133-3-0, 88th plenary meeting".
 */
export function readVote(xml: string): Vote {
  const voting = /<voting\b[^>]*\boutcome="([^"]*)"[^>]*>([\s\S]*?)<\/voting>/.exec(xml);
  if (!voting) return { kind: 'unknown' };
  const outcome = voting[1] ?? '';
  if (/withoutVote|without (?:a )?vote/i.test(outcome)) return { kind: 'withoutVote' };
  const counts = /(\d+)-(\d+)-(\d+)/.exec(outcome);
  if (counts) {
    return {
      kind: 'recorded',
      inFavour: Number(counts[1]),
      against: Number(counts[2]),
      abstaining: Number(counts[3]),
    };
  }
  if (/RecordedVote|recorded vote/i.test(outcome)) {
    const count = (name: string) =>
      Number(
        new RegExp(`<count\\b[^>]*\\bvalue="(\\d+)"[^>]*refersTo="#?${name}"`).exec(
          voting[2] ?? '',
        )?.[1] ?? 0,
      );
    return {
      kind: 'recorded',
      inFavour: count('inFavour'),
      against: count('against'),
      abstaining: count('abstaining'),
    };
  }
  return { kind: 'unknown' };
}

/** The Main Committee as the filter lists it; "Plenary" without reference to one. */
export function normaliseCommittee(committee: string): string {
  const spaced = committee
    .replace(/\s+/g, ' ')
    .replace(/([a-z])\(/g, '$1 (')
    .trim();
  return spaced || 'Plenary';
}

/** The session from the symbol ("A/RES/78/100" → 78), else `fallback` (special sessions: "A/RES/ES-11/6"). */
function sessionOf(symbol: string, fallback: number): number {
  return Number(/^A\/RES\/(\d+)\//.exec(symbol)?.[1] ?? fallback);
}

/**
 * Each paragraph of a resolution with its reference as the extract and the
 * CLI give it: "PP3", "OP5", "OP5 (b)", "OP5 (b) (ii)"; headings skipped,
 * footnotes left out of the text.
 */
export function referencedParagraphs(body: ResolutionBody): { ref: string; text: string }[] {
  const paragraphs = body.preamble.map((runs, i) => ({ ref: `PP${i + 1}`, text: plainText(runs) }));
  let op = 0;
  let positions = [0, 0, 0, 0, 0];
  let parents: string[] = [];
  for (const block of body.operative) {
    if (block.kind === 'heading') continue;
    if (block.kind === 'paragraph') {
      op++;
      positions = [0, 0, 0, 0, 0];
      parents = [`OP${op}`];
    } else {
      const index = positions[block.level] ?? 0;
      positions[block.level] = index + 1;
      for (let deeper = block.level + 1; deeper < positions.length; deeper++) positions[deeper] = 0;
      parents = [...parents.slice(0, block.level), subParagraphLabel(block.level, index)];
    }
    paragraphs.push({ ref: parents.join(' '), text: plainText(block.content) });
  }
  return paragraphs;
}

/**
 * One resolution's extract, or the reason it is left out: a file the importer
 * does not read (several parts in one file) or a text not in English (the
 * corpus holds one French file). `session`: the session the file is filed
 * under, for special sessions whose symbol has no number.
 */
export function readAdoptedResolution(
  xml: string,
  session = 0,
): { resolution: ReadResolution } | { problem: string } {
  const language = /<FRBRExpression>[\s\S]*?<FRBRlanguage\b[^>]*\blanguage="([a-z]+)"/.exec(
    xml,
  )?.[1];
  if (language && language !== 'eng') return { problem: `written in “${language}”, not English` };
  let imported;
  try {
    imported = importAkomaNtoso(xml, { preambleOptional: true });
  } catch (error) {
    if (error instanceof ImportError) return { problem: error.message };
    throw error;
  }
  const { header, body } = imported.document;
  return {
    resolution: {
      symbol: header.symbol,
      title: header.title,
      session: sessionOf(header.symbol, session),
      date: header.adoptionDate,
      committee: normaliseCommittee(header.committee),
      vote: readVote(xml),
      paragraphs: referencedParagraphs(body)
        .map(({ ref, text }): [string, string] => [ref, text.trim()])
        .filter(([, text]) => text.length > 0),
    },
  };
}

const AKN_NAMESPACE = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0';

/**
 * The parts of a file holding several resolutions (AKN4UN's
 * `documentCollection`, e.g. A/RES/77/264 A–C): each `components/component`
 * statement as a document of its own, with the collection's cover page (its
 * committee and adoption line), or null for a file of one resolution.
 */
function collectionParts(xml: string): { letter: string; xml: string }[] | null {
  if (!xml.includes('<documentCollection')) return null;
  const document = parseXml(xml);
  const root: Located = { element: document.documentElement!, path: 'akomaNtoso' };
  const cover = child(child(root, 'documentCollection'), 'coverPage');
  const statements = childElements(child(root, 'components') ?? root)
    .filter((c) => c.element.localName === 'component')
    .map((component) => child(component, 'statement'))
    .filter((statement): statement is Located => statement !== undefined);
  if (statements.length === 0) return null;
  const serializer = new XMLSerializer();
  return statements.map((statement, i) => {
    const preface = child(statement, 'preface');
    if (cover)
      statement.element.insertBefore(cover.element.cloneNode(true), preface?.element ?? null);
    const letter = textOf(child(child(preface, 'p'), 'docNumber'));
    return {
      letter: /^[A-Z]$/.test(letter) ? letter : String.fromCharCode(65 + i),
      xml: `<akomaNtoso xmlns="${AKN_NAMESPACE}">${serializer.serializeToString(statement.element)}</akomaNtoso>`,
    };
  });
}

/**
 * The resolutions of one file: one, or each part of a file holding several
 * ("A/RES/77/264 A", "… B", "… C"; each with its own vote, else the collection's),
 * or why the file is left out.
 */
export function readAdoptedResolutions(
  xml: string,
  session = 0,
): { resolutions: ReadResolution[] } | { problem: string } {
  const parts = collectionParts(xml);
  if (!parts) {
    const read = readAdoptedResolution(xml, session);
    return 'problem' in read ? read : { resolutions: [read.resolution] };
  }
  const vote = readVote(xml);
  const resolutions: ReadResolution[] = [];
  for (const part of parts) {
    const read = readAdoptedResolution(part.xml, session);
    if ('problem' in read) return { problem: `part ${part.letter}: ${read.problem}` };
    const base = /^A\/RES\/\S+?\/\d+/.exec(read.resolution.symbol)?.[0] ?? read.resolution.symbol;
    resolutions.push({
      ...read.resolution,
      symbol: `${base} ${part.letter}`,
      vote: read.resolution.vote.kind === 'unknown' ? vote : read.resolution.vote,
    });
  }
  return { resolutions };
}

/** Newest first: adoption date, then session and number (78/100 after 78/99). */
export function compareNewestFirst(
  a: { date: string; symbol: string },
  b: { date: string; symbol: string },
): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  return b.symbol.localeCompare(a.symbol, 'en', { numeric: true });
}

/** The extract of read resolutions: newest first, texts shared. */
export function buildExtract(
  resolutions: readonly ReadResolution[],
  source: string,
): PrecedentExtract {
  const sorted = [...resolutions].sort(compareNewestFirst);
  const texts: string[] = [];
  const indexOf = new Map<string, number>();
  return {
    format: EXTRACT_FORMAT,
    source,
    resolutions: sorted.map((resolution) => ({
      ...resolution,
      paragraphs: resolution.paragraphs.map(([ref, text]): [string, number] => {
        let index = indexOf.get(text);
        if (index === undefined) {
          index = texts.length;
          texts.push(text);
          indexOf.set(text, index);
        }
        return [ref, index];
      }),
    })),
    texts,
  };
}
