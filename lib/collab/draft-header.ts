import * as Y from 'yjs';
import { emptyHeader, type ResolutionHeader } from '../schema/resolution-document';
import { HEADER_FIELD } from './protocol';

/** Header fields holding one string. */
export const HEADER_TEXT_FIELDS = [
  'organ',
  'symbol',
  'distribution',
  'date',
  'originalLanguage',
  'session',
  'committee',
  'agendaItem',
  'agendaItemName',
  'sponsorsNote',
  'title',
  'draftSymbol',
  'draftDate',
  'originatingDocument',
  'adoptionDate',
  'adoptionMeeting',
] as const satisfies readonly (keyof ResolutionHeader)[];
export type HeaderTextField = (typeof HEADER_TEXT_FIELDS)[number];

/** Header fields holding an ordered list of names (a Y.Array, so edits merge). */
export const HEADER_LIST_FIELDS = [
  'sponsors',
  'additionalSponsors',
] as const satisfies readonly (keyof ResolutionHeader)[];
export type HeaderListField = (typeof HEADER_LIST_FIELDS)[number];

/** Longest value accepted for a header text field. */
export const MAX_HEADER_TEXT_LENGTH = 500;

export function headerMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(HEADER_FIELD);
}

function listOf(map: Y.Map<unknown>, field: HeaderListField): Y.Array<string> {
  const existing = map.get(field);
  if (existing instanceof Y.Array) return existing as Y.Array<string>;
  const created = new Y.Array<string>();
  map.set(field, created);
  return created;
}

/** The header as plain data; missing fields read as empty. */
export function readHeader(doc: Y.Doc): ResolutionHeader {
  const map = headerMap(doc);
  const header = emptyHeader();
  for (const field of HEADER_TEXT_FIELDS) {
    const value = map.get(field);
    if (typeof value === 'string') header[field] = value;
  }
  for (const field of HEADER_LIST_FIELDS) {
    const value = map.get(field);
    if (value instanceof Y.Array) {
      header[field] = value.toArray().filter((item): item is string => typeof item === 'string');
    }
  }
  return header;
}

/** Writes the given header fields in one transaction. */
export function writeHeader(doc: Y.Doc, header: Partial<ResolutionHeader>): void {
  doc.transact(() => {
    const map = headerMap(doc);
    for (const field of HEADER_TEXT_FIELDS) {
      const value = header[field];
      if (typeof value === 'string') map.set(field, value.slice(0, MAX_HEADER_TEXT_LENGTH));
    }
    for (const field of HEADER_LIST_FIELDS) {
      const values = header[field];
      if (!values) continue;
      const list = listOf(map, field);
      list.delete(0, list.length);
      list.push(values.map((v) => v.slice(0, MAX_HEADER_TEXT_LENGTH)));
    }
  });
}

export function setHeaderText(doc: Y.Doc, field: HeaderTextField, value: string): void {
  const map = headerMap(doc);
  if (map.get(field) !== value) map.set(field, value.slice(0, MAX_HEADER_TEXT_LENGTH));
}

export function addHeaderListItem(doc: Y.Doc, field: HeaderListField, value: string): void {
  const name = value.trim().slice(0, MAX_HEADER_TEXT_LENGTH);
  if (name) doc.transact(() => listOf(headerMap(doc), field).push([name]));
}

export function removeHeaderListItem(doc: Y.Doc, field: HeaderListField, index: number): void {
  doc.transact(() => {
    const list = listOf(headerMap(doc), field);
    if (index >= 0 && index < list.length) list.delete(index, 1);
  });
}

/** Moves the item at `index` one place up (-1) or down (+1). */
export function moveHeaderListItem(
  doc: Y.Doc,
  field: HeaderListField,
  index: number,
  direction: -1 | 1,
): void {
  doc.transact(() => {
    const list = listOf(headerMap(doc), field);
    const target = index + direction;
    if (index < 0 || index >= list.length || target < 0 || target >= list.length) return;
    const value = list.get(index);
    list.delete(index, 1);
    list.insert(target, [value]);
  });
}
