import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { amendmentsMap } from '@/lib/amendments/model';
import { BODY_FIELD, HEADER_FIELD, PROPOSALS_FIELD, SETTINGS_FIELD } from '@/lib/collab/protocol';
import { loadDraftDoc } from '@/lib/db/load-draft-doc';
import { openSqliteStores } from '@/lib/db/stores';

/** JSON with object keys sorted: two copies of a Y.Map may list their keys in another order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Everything of a draft a refusal must leave alone: body, header and amendment records. */
export function snapshotOf(doc: Y.Doc): string {
  return canonical({
    body: doc.getXmlFragment(BODY_FIELD).toJSON(),
    header: doc.getMap(HEADER_FIELD).toJSON(),
    amendments: amendmentsMap(doc).toJSON(),
    proposals: doc.getMap(PROPOSALS_FIELD).toJSON(),
    settings: doc.getMap(SETTINGS_FIELD).toJSON(),
  });
}

/** The same, of the draft as stored in the SQLite file `databasePath`. */
export async function storedSnapshot(databasePath: string, draftId: string): Promise<string> {
  const stores = openSqliteStores(databasePath);
  try {
    const loaded = await loadDraftDoc(stores.drafts, draftId);
    assert.ok(loaded);
    return snapshotOf(loaded.doc);
  } finally {
    stores.close();
  }
}

/** One run of text of a draft's body: where it is and its formatting (amendment marks included). */
export interface Run {
  text: Y.XmlText;
  index: number;
  length: number;
  attributes: Record<string, unknown>;
}

/** Every run of text in the body, footnotes included. */
export function runsOf(doc: Y.Doc): Run[] {
  const runs: Run[] = [];
  const visit = (element: Y.XmlElement | Y.XmlFragment) => {
    for (const child of element.toArray()) {
      if (child instanceof Y.XmlText) {
        let index = 0;
        for (const op of child.toDelta() as {
          insert: string;
          attributes?: Record<string, unknown>;
        }[]) {
          const length = op.insert.length;
          runs.push({ text: child, index, length, attributes: op.attributes ?? {} });
          index += length;
        }
      } else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(doc.getXmlFragment(BODY_FIELD));
  return runs;
}

/** A run carrying an insertion mark of `delegation`. */
export function insertionOf(doc: Y.Doc, delegation: string): Run {
  const run = runsOf(doc).find(
    (r) =>
      (r.attributes.insertion as { delegation?: string } | undefined)?.delegation === delegation,
  );
  assert.ok(run, `the draft has an insertion of ${delegation}`);
  return run;
}

/** The first run whose marks include one named `mark` (maybe `deletion--…`) of `delegation`. */
export function markedRun(doc: Y.Doc, mark: 'insertion' | 'deletion', delegation: string): Run {
  const run = runsOf(doc).find((r) =>
    Object.entries(r.attributes).some(
      ([key, value]) =>
        key.startsWith(mark) && (value as { delegation?: string }).delegation === delegation,
    ),
  );
  assert.ok(run, `the draft has a ${mark} of ${delegation}`);
  return run;
}

/** A run of original text: no amendment mark. */
export function originalRun(doc: Y.Doc): Run {
  const run = runsOf(doc).find(
    (r) =>
      r.length > 10 &&
      !(r.text.parent instanceof Y.XmlElement && r.text.parent.nodeName === 'footnote') &&
      !Object.keys(r.attributes).some((k) => k.startsWith('insertion') || k.startsWith('deletion')),
  );
  assert.ok(run);
  return run;
}
