import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { writeHeader } from '../collab/draft-header';
import { setAmendmentModel } from '../collab/amendment-model';
import { BODY_FIELD, type AmendmentModel } from '../collab/protocol';
import type { DraftStore, DraftSummary } from '../db/draft-store';
import { resolutionSchema } from '../schema/document-extensions';
import { newId } from '../schema/new-id';
import {
  emptyHeader,
  type ResolutionBody,
  type ResolutionHeader,
  type TextRun,
} from '../schema/resolution-document';
import { resolutionJSON } from '../schema/resolution-json';

/** Longest title accepted for a draft. */
export const MAX_TITLE_LENGTH = 300;

/** The body shape of before sub-paragraphs and footnotes (every OP a list of runs). */
interface FlatBody {
  preamble: TextRun[][];
  operative: TextRun[][];
}

function isFlatBody(body: ResolutionBody | FlatBody): body is FlatBody {
  return body.operative.some((block) => Array.isArray(block));
}

function normalizeBody(body: ResolutionBody | FlatBody | undefined): ResolutionBody {
  if (!body) return { preamble: [], operative: [] };
  if (!isFlatBody(body)) return body;
  return {
    preamble: body.preamble,
    operative: body.operative.map((content) => ({ kind: 'paragraph', content })),
  };
}

/**
 * Creates a draft whose first stored update holds its initial header and
 * body, so every client starts from the same structure and none seeds content
 * of its own.
 */
export async function createDraft(
  store: DraftStore,
  input: {
    title: string;
    body?: ResolutionBody | FlatBody;
    header?: Partial<ResolutionHeader>;
    /** How the draft stores amendments (default: objects; marks only for tests of the old model). */
    amendmentModel?: AmendmentModel;
  },
): Promise<DraftSummary> {
  const json = resolutionJSON(normalizeBody(input.body));
  resolutionSchema.nodeFromJSON(json).check();
  const doc = prosemirrorJSONToYDoc(resolutionSchema, json, BODY_FIELD);
  writeHeader(doc, {
    ...emptyHeader(),
    ...input.header,
    title: input.header?.title || input.title,
  });
  setAmendmentModel(doc, input.amendmentModel ?? 'objects');
  try {
    return await store.createDraft({
      id: newId(),
      title: input.title,
      initialUpdate: Y.encodeStateAsUpdate(doc),
    });
  } finally {
    doc.destroy();
  }
}
