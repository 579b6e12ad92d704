import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { AMENDMENTS_FIELD } from '../../lib/amendments/model';
import { BODY_FIELD, HEADER_FIELD } from '../../lib/collab/protocol';

/**
 * The text of every paragraph of a draft's body (preamble, then operative
 * part), in order: where the load's clients type.
 */
export function paragraphTexts(doc: Y.Doc): Y.XmlText[] {
  const texts: Y.XmlText[] = [];
  for (const part of doc.getXmlFragment(BODY_FIELD).toArray()) {
    if (!(part instanceof Y.XmlElement)) continue;
    for (const paragraph of part.toArray()) {
      if (!(paragraph instanceof Y.XmlElement)) continue;
      const text = paragraph.toArray().find((child) => child instanceof Y.XmlText);
      if (text instanceof Y.XmlText) texts.push(text);
    }
  }
  return texts;
}

/** Characters of text in the draft's body. */
export function bodyCharacters(doc: Y.Doc): number {
  return paragraphTexts(doc).reduce((sum, text) => sum + text.length, 0);
}

/** JSON with every object's keys sorted: a Y.Map lists its keys in the order this copy got them. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A digest of the draft's content (body, header, amendment records): equal docs, equal digests. */
export function draftDigest(doc: Y.Doc): string {
  return createHash('sha1')
    .update(doc.getXmlFragment(BODY_FIELD).toString())
    .update(canonicalJson(doc.getMap(HEADER_FIELD).toJSON()))
    .update(canonicalJson(doc.getMap(AMENDMENTS_FIELD).toJSON()))
    .digest('hex');
}

/** The text a marker edit inserts: `[A00017]`, always 8 characters. */
export function markerText(marker: string, index: number): string {
  return `[${marker.slice(0, 1)}${String(index % 100000).padStart(5, '0')}]`;
}

export const MARKER_LENGTH = 8;

/** What pasted and typed-in text reads like: an operative paragraph of a real draft. */
export const AMENDMENT_TEXT =
  'Calls upon all States to cooperate fully with the special procedures of the Human Rights Council, including by responding promptly to their communications and urgent appeals, and to give due consideration to their recommendations, in accordance with the Charter of the United Nations and international human rights law, ';

/** `length` characters of draft-like text, starting at a place that depends on `n`. */
export function draftLikeText(n: number, length: number): string {
  const source = AMENDMENT_TEXT.repeat(Math.ceil(length / AMENDMENT_TEXT.length) + 1);
  const start = (n * 37) % AMENDMENT_TEXT.length;
  return source.slice(start, start + length);
}
