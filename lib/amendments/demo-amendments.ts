import { amendmentModel } from '../collab/amendment-model';
import { migrateMarksToProposals } from './migrate-marks';
import { TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import type { DraftStore } from '../db/draft-store';
import { loadDraftDoc } from '../db/load-draft-doc';
import { draftBodyState, writeDraftBody } from '../drafts/draft-body';
import { amendmentsMap, newAmendmentMeta, type AmendmentAuthor, type AmendmentMeta } from './model';
import { proposeMove, proposeNewParagraph } from './paragraph-amendments';
import { suggestTransaction, type SuggestOutcome } from './suggest';

/**
 * Pending amendments for the demo draft (the Third Committee's "Enhancement
 * of international cooperation"), made with the same functions the editor
 * uses, so that the demo opens on a negotiation under way. An amendment whose
 * text is not found in the draft is skipped.
 */

interface DemoAmendment {
  author: AmendmentAuthor;
  rationale?: string;
  /** Builds the amendment on the current state; null when its text is not there. */
  make: (state: EditorState, author: AmendmentAuthor) => SuggestOutcome | null;
}

/** Position of `text` in the document (inside one text node), or -1. */
function find(state: EditorState, text: string): number {
  let found = -1;
  state.doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isText && node.text?.includes(text)) found = pos + node.text.indexOf(text);
    return true;
  });
  return found;
}

function replace(search: string, by: string) {
  return (state: EditorState, author: AmendmentAuthor): SuggestOutcome | null => {
    const at = find(state, search);
    if (at < 0) return null;
    const tr: Transaction = state.tr.insertText(by, at, at + search.length);
    return suggestTransaction(state, tr, author);
  };
}

function insertAfter(anchor: string, text: string) {
  return (state: EditorState, author: AmendmentAuthor): SuggestOutcome | null => {
    const at = find(state, anchor);
    if (at < 0) return null;
    const tr = state.tr.insertText(text, at + anchor.length);
    return suggestTransaction(state, tr, author);
  };
}

function withCaret(state: EditorState, pos: number): EditorState {
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)));
}

function newParagraphAfter(anchor: string, text: string) {
  return (state: EditorState, author: AmendmentAuthor): SuggestOutcome | null => {
    const at = find(state, anchor);
    if (at < 0) return null;
    const start = withCaret(state, at + anchor.length);
    const outcome = proposeNewParagraph(start, author);
    if (outcome.kind !== 'transaction') return outcome;
    // Type the paragraph's text into it (own proposed paragraph: plain text).
    const typed = start.apply(outcome.tr);
    outcome.tr.insertText(text, typed.selection.from);
    return outcome;
  };
}

function moveUp(anchor: string) {
  return (state: EditorState, author: AmendmentAuthor): SuggestOutcome | null => {
    const at = find(state, anchor);
    if (at < 0) return null;
    return proposeMove(withCaret(state, at), author, 'up');
  };
}

const CHINA = { userId: 'demo-china', name: 'Li Wei', delegation: 'CHN' };
const RUSSIA = { userId: 'demo-russia', name: 'Anna Ivanova', delegation: 'RUS' };
const EGYPT = { userId: 'demo-egypt', name: 'Nour Hassan', delegation: 'EGY' };

const AMENDMENTS: DemoAmendment[] = [
  {
    author: CHINA,
    rationale: 'Agreed language from resolution 76/159.',
    make: replace('equality and equity', 'equality, equity and solidarity'),
  },
  {
    author: RUSSIA,
    make: insertAfter(
      'resolving human rights issues in international forums',
      ', on the basis of mutual respect',
    ),
  },
  {
    author: EGYPT,
    rationale: 'Climate change is already named in OP13; this makes the request operational.',
    make: newParagraphAfter(
      'on the full enjoyment of human rights;',
      'Calls upon States to strengthen international cooperation to address the adverse impact of climate change on the enjoyment of human rights;',
    ),
  },
  {
    author: RUSSIA,
    make: replace(', including the Human Rights Council', ''),
  },
  {
    author: CHINA,
    make: moveUp('all Member States and the United Nations system to explore'),
  },
];

/**
 * Adds the demo amendments to a stored draft. The users' ids are those of the
 * demo accounts when given (`userIds` by delegation code).
 * @returns how many were added
 */
export async function seedDemoAmendments(
  store: DraftStore,
  draftId: string,
  userIds: ReadonlyMap<string, string> = new Map(),
  now: Date = new Date(),
): Promise<number> {
  const loaded = await loadDraftDoc(store, draftId);
  if (!loaded) return 0;
  const { doc } = loaded;
  let state = draftBodyState(doc);
  const metas = new Map<string, AmendmentMeta>();
  AMENDMENTS.forEach((amendment, index) => {
    const author = {
      ...amendment.author,
      userId: userIds.get(amendment.author.delegation) ?? amendment.author.userId,
    };
    const outcome = amendment.make(state, author);
    if (!outcome || outcome.kind !== 'transaction') return;
    state = state.apply(outcome.tr);
    // Made over the last hour, a few minutes apart.
    const at = new Date(now.getTime() - (AMENDMENTS.length - index) * 9 * 60_000).toISOString();
    for (const { suggestionId, covers } of outcome.created) {
      metas.set(suggestionId, newAmendmentMeta(author, at, covers, amendment.rationale));
    }
  });
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  doc.transact(() => {
    writeDraftBody(doc, state.doc);
    const map = amendmentsMap(doc);
    for (const [id, meta] of metas) map.set(id, meta);
  });
  // Made as marks by the editing code above; a draft of amendments as objects holds them as proposals.
  if (amendmentModel(doc) === 'objects') migrateMarksToProposals(doc);
  if (updates.length > 0) await store.appendUpdates(draftId, updates);
  doc.destroy();
  return metas.size;
}
