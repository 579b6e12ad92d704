/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs types its nested types with YEvent<any>. */
import * as Y from 'yjs';
import { AMENDMENTS_FIELD, amendmentsMap } from '@/lib/amendments/model';
import {
  PROPOSALS_FIELD,
  PROPOSABLE_PARAGRAPH_TYPES,
  readProposal,
  type Proposal,
} from '@/lib/amendments/proposals';
import { BODY_FIELD, HEADER_FIELD } from '@/lib/collab/protocol';
import { MAX_PARAGRAPH_CHARACTERS, readYElement } from '@/lib/schema/read-yjs';
import { DELETION_MARK, INSERTION_MARK } from '@/lib/amendments/model';
import {
  ChangeRefusedError,
  checkSchema,
  DEFAULT_UPDATE_LIMITS,
  readChanges,
  type CheckedUpdate,
  type Sender,
  type UpdateLimits,
} from './update-rules';

/**
 * The server's rule for amendments as objects (issue 19), exact by
 * construction: a sponsor's update may only create proposals of its own
 * delegation and change its own proposals' open fields; the agreed text (the
 * body) is the facilitator's and the server's. Fixed fields never change and
 * proposals are never removed (withdrawing sets `withdrawn`). A facilitator
 * may write the agreed text, and proposals in its own delegation's name only.
 *
 * What is checked here is where a change lands; the body's schema and the
 * records' rules are `update-rules.ts`'s, which the room runs as well.
 */

/** Fields of a proposal its delegation may still change (the rest are fixed at creation). */
const OPEN_FIELDS: Readonly<Record<Proposal['kind'], ReadonlySet<string>>> = {
  text: new Set(['withdrawn']),
  newParagraphs: new Set(['withdrawn', 'after', 'container', 'rank']),
  moveParagraphs: new Set(['withdrawn', 'after', 'container', 'rank']),
  deleteParagraphs: new Set(['withdrawn']),
};

/** Fields of a proposed paragraph its delegation may change (its id is fixed). */
const OPEN_PARAGRAPH_FIELDS: ReadonlySet<string> = new Set(['type', 'level', 'numbered']);

const KNOWN_FIELDS = new Set([
  'parent',
  'kind',
  'amendment',
  'delegation',
  'withdrawn',
  'paragraphId',
  'start',
  'end',
  'covered',
  'rank',
  'content',
  'removes',
  'after',
  'container',
  'paragraphs',
]);

export interface ProposalLimits {
  /** Proposals one update may create. */
  newProposalsPerUpdate: number;
  /** Characters of one proposal's content (or of one proposed paragraph). */
  contentCharacters: number;
  /** Paragraphs one proposal may propose. */
  paragraphsPerProposal: number;
}

export const DEFAULT_PROPOSAL_LIMITS: ProposalLimits = {
  newProposalsPerUpdate: 50,
  contentCharacters: MAX_PARAGRAPH_CHARACTERS,
  paragraphsPerProposal: 200,
};

export interface CheckedProposals {
  /** Proposals the update created. */
  created: string[];
  /** Proposals the update withdrew. */
  withdrawn: string[];
}

/** The chain of types from `type` up to its root, the root last. */
function chainOf(type: Y.AbstractType<any>): Y.AbstractType<any>[] {
  const chain = [type];
  let current = type;
  while (current._item?.parent instanceof Y.AbstractType) {
    current = current._item.parent;
    chain.push(current);
  }
  return chain;
}

/** The key under which `child` sits in `map`, if it does. */
function keyIn(map: Y.Map<unknown>, child: Y.AbstractType<any>): string | null {
  const key = child._item?.parentSub;
  return typeof key === 'string' && map.get(key) === child ? key : null;
}

function textLength(value: unknown): number {
  return value instanceof Y.Text ? value.length : 0;
}

/** Checks a new proposal: well formed, the sender's delegation, within limits, fresh content. */
function checkNew(id: string, value: unknown, sender: Sender, limits: ProposalLimits): Proposal {
  const proposal = readProposal(id, value);
  if (!proposal) throw new ChangeRefusedError('a proposal must have every field, well formed');
  const map = value as Y.Map<unknown>;
  for (const key of map.keys()) {
    if (!KNOWN_FIELDS.has(key)) throw new ChangeRefusedError(`a proposal has no field "${key}"`);
  }
  if (proposal.delegation !== sender.delegation) {
    throw new ChangeRefusedError(
      `a proposal of ${sender.delegation} must carry its own delegation, not ${proposal.delegation}`,
    );
  }
  if (proposal.withdrawn) throw new ChangeRefusedError('a new proposal cannot be withdrawn');
  if (proposal.kind === 'text') {
    if (textLength(proposal.content) > limits.contentCharacters) {
      throw new ChangeRefusedError(
        `a proposal's words are limited to ${limits.contentCharacters} characters`,
      );
    }
  } else {
    if (proposal.paragraphs.length > limits.paragraphsPerProposal) {
      throw new ChangeRefusedError(
        `one proposal proposes at most ${limits.paragraphsPerProposal} paragraphs`,
      );
    }
    const list = map.get('paragraphs') as Y.Array<unknown>;
    if (proposal.paragraphs.length !== list.length) {
      throw new ChangeRefusedError('every proposed paragraph must be well formed');
    }
    const empty = proposal.kind === 'deleteParagraphs';
    if (empty !== (proposal.paragraphs.length === 0) || (empty && proposal.removes.length === 0)) {
      throw new ChangeRefusedError(`a ${proposal.kind} proposal has the wrong paragraphs`);
    }
    if (proposal.kind === 'moveParagraphs' && proposal.removes.length === 0) {
      throw new ChangeRefusedError('a move names the paragraphs it moves');
    }
    for (const paragraph of proposal.paragraphs) {
      if (textLength(paragraph.content) > limits.contentCharacters) {
        throw new ChangeRefusedError(
          `a proposed paragraph is limited to ${limits.contentCharacters} characters`,
        );
      }
    }
  }
  return proposal;
}

/**
 * Checks where the changes of an update (the Yjs transaction's `changed`)
 * land, for amendments as objects. `before` is the draft before the update,
 * `after` the shadow copy with it applied.
 */
export function checkProposalChanges(
  before: Y.Doc,
  after: Y.Doc,
  changed: ReadonlyMap<Y.AbstractType<any>, ReadonlySet<string | null>>,
  sender: Sender,
  limits: ProposalLimits = DEFAULT_PROPOSAL_LIMITS,
): CheckedProposals {
  const result: CheckedProposals = { created: [], withdrawn: [] };
  const proposals = after.getMap<unknown>(PROPOSALS_FIELD);
  const previous = before.getMap<unknown>(PROPOSALS_FIELD);
  for (const [type, keys] of changed) {
    const chain = chainOf(type);
    const root = chain[chain.length - 1];
    const field = root ? Y.findRootTypeKey(root) : null;
    if (field === BODY_FIELD) {
      if (sender.role !== 'facilitator') {
        throw new ChangeRefusedError(
          'the agreed text is written by the facilitator; a delegation proposes amendments beside it',
        );
      }
      continue;
    }
    if (field === HEADER_FIELD || field === AMENDMENTS_FIELD) continue;
    if (field !== PROPOSALS_FIELD) throw new ChangeRefusedError(`unknown part "${String(field)}"`);

    if (type === (proposals as unknown)) {
      for (const key of keys) {
        if (key === null) continue;
        if (previous.has(key)) {
          throw new ChangeRefusedError('proposals are kept: one is withdrawn, never removed');
        }
        if (!proposals.has(key)) continue;
        const created = checkNew(key, proposals.get(key), sender, limits);
        if (created.kind === 'text' && created.parent !== null) {
          // A sub-amendment amends another delegation's proposed words, in their paragraph.
          const parent = readProposal(created.parent, proposals.get(created.parent));
          if (parent?.kind !== 'text' || parent.parent !== null) {
            throw new ChangeRefusedError('a sub-amendment amends the words of a text proposal');
          }
          if (parent.delegation === sender.delegation) {
            throw new ChangeRefusedError(
              'a delegation changes its own proposed words directly, not by a sub-amendment',
            );
          }
          if (parent.paragraphId !== created.paragraphId) {
            throw new ChangeRefusedError('a sub-amendment is in the paragraph of what it amends');
          }
        }
        result.created.push(key);
      }
      continue;
    }
    // Inside one proposal: chain = [type, …, entry, proposals].
    const entry = chain[chain.length - 2];
    const id = entry ? keyIn(proposals as Y.Map<unknown>, entry) : null;
    if (!entry || id === null) throw new ChangeRefusedError('a proposal must be a map');
    if (result.created.includes(id) || (!previous.has(id) && proposals.has(id))) continue;
    // The owner as stored before this update: changing the owner is itself a change.
    const owner = readProposal(id, previous.get(id))?.delegation;
    if (owner !== undefined && owner !== sender.delegation) {
      throw new ChangeRefusedError(`the proposal is ${owner}’s: only its delegation changes it`);
    }
    const proposal = readProposal(id, entry);
    if (!proposal) throw new ChangeRefusedError('a proposal must stay well formed');
    if (proposal.delegation !== sender.delegation) {
      throw new ChangeRefusedError('the "delegation" of a proposal is fixed when it is made');
    }
    if (type === entry) {
      const was = readProposal(id, previous.get(id));
      for (const key of keys) {
        if (key === null) continue;
        if (!OPEN_FIELDS[proposal.kind].has(key)) {
          throw new ChangeRefusedError(`the "${key}" of a proposal is fixed when it is made`);
        }
        if (key === 'withdrawn') {
          if (!proposal.withdrawn) {
            throw new ChangeRefusedError('a withdrawn proposal stays withdrawn; propose it again');
          }
          if (!was?.withdrawn) result.withdrawn.push(id);
        }
      }
      continue;
    }
    // Deeper: content, the paragraphs list, a proposed paragraph or its content.
    const below = chain[chain.length - 3];
    if (proposal.kind === 'text') {
      if (below !== proposal.content || chain.length !== 3) {
        throw new ChangeRefusedError('only the words of a text proposal may change');
      }
      if (proposal.content.length > limits.contentCharacters) {
        throw new ChangeRefusedError(
          `a proposal's words are limited to ${limits.contentCharacters} characters`,
        );
      }
      continue;
    }
    const list = entry instanceof Y.Map ? entry.get('paragraphs') : null;
    if (below !== list || !(list instanceof Y.Array)) {
      throw new ChangeRefusedError('only the proposed paragraphs of a proposal may change');
    }
    if (type === list) {
      if (proposal.paragraphs.length !== list.length) {
        throw new ChangeRefusedError('every proposed paragraph must be well formed');
      }
      if (proposal.kind === 'deleteParagraphs') {
        throw new ChangeRefusedError('a deletion proposes no paragraphs');
      }
      if (proposal.paragraphs.length > limits.paragraphsPerProposal) {
        throw new ChangeRefusedError(
          `one proposal proposes at most ${limits.paragraphsPerProposal} paragraphs`,
        );
      }
      continue;
    }
    const paragraph = proposal.paragraphs.find(
      (candidate) => candidate.map === chain[chain.length - 4],
    );
    if (!paragraph) throw new ChangeRefusedError('a proposed paragraph must stay well formed');
    if (type === paragraph.map) {
      for (const key of keys) {
        if (key !== null && !OPEN_PARAGRAPH_FIELDS.has(key)) {
          throw new ChangeRefusedError(`the "${key}" of a proposed paragraph is fixed`);
        }
      }
      if (!(PROPOSABLE_PARAGRAPH_TYPES as readonly string[]).includes(paragraph.type)) {
        throw new ChangeRefusedError('unknown paragraph type');
      }
      continue;
    }
    if (type !== paragraph.content || chain.length !== 5) {
      throw new ChangeRefusedError('only the words of a proposed paragraph may change');
    }
    if (paragraph.content.length > limits.contentCharacters) {
      throw new ChangeRefusedError(
        `a proposed paragraph is limited to ${limits.contentCharacters} characters`,
      );
    }
  }
  if (result.created.length > limits.newProposalsPerUpdate) {
    throw new ChangeRefusedError(
      `one change may make at most ${limits.newProposalsPerUpdate} proposals`,
    );
  }
  // Each new proposal belongs to an amendment of the sender's delegation (its record
  // arrives with it or came before).
  const records = amendmentsMap(after);
  for (const id of result.created) {
    const proposal = readProposal(id, proposals.get(id));
    const record = proposal ? records.get(proposal.amendment) : undefined;
    if (!record || typeof record !== 'object') {
      throw new ChangeRefusedError('a proposal comes with the record of its amendment');
    }
    if (record.delegation !== sender.delegation) {
      throw new ChangeRefusedError(
        `amendment ${proposal?.amendment ?? ''} is ${record.delegation}’s: a proposal is added to one's own amendments only`,
      );
    }
  }
  return result;
}

/** The agreed text of a draft of objects holds no amendment: no marks, no paragraph suggestion. */
function checkAgreedParagraph(element: Y.XmlElement): void {
  const node = readYElement(element);
  if (node.attrs.suggestion) {
    throw new ChangeRefusedError('the agreed text holds no amendments: propose them beside it');
  }
  node.descendants((child) => {
    if (
      child.marks.some(
        (mark) => mark.type.name === INSERTION_MARK || mark.type.name === DELETION_MARK,
      )
    ) {
      throw new ChangeRefusedError('the agreed text holds no amendments: propose them beside it');
    }
    return true;
  });
}

/**
 * The whole check of an editor's update on a draft whose amendments are
 * objects, on the shadow copy: where each change lands (`checkProposalChanges`),
 * the records' rules, and for the facilitator's changes of the agreed text the
 * schema and the absence of amendment marks.
 */
export function checkObjectsUpdate(
  before: Y.Doc,
  shadow: Y.Doc,
  update: Uint8Array,
  sender: Sender,
  limits: UpdateLimits = DEFAULT_UPDATE_LIMITS,
  nowMs: number = Date.now(),
): CheckedUpdate {
  before.getMap(PROPOSALS_FIELD);
  const { changed, body, createdRecords } = readChanges(
    before,
    shadow,
    update,
    sender,
    limits,
    nowMs,
  );
  const checked = checkProposalChanges(before, shadow, changed, sender);
  if (body.containers.size > 0 || body.paragraphs.size > 0) {
    checkSchema(before, shadow, body, sender, limits);
    for (const paragraph of body.paragraphs) checkAgreedParagraph(paragraph);
    for (const container of body.containers) {
      for (const paragraph of container.toArray()) {
        if (paragraph instanceof Y.XmlElement) checkAgreedParagraph(paragraph);
      }
    }
  }
  const proposals = shadow.getMap<unknown>(PROPOSALS_FIELD);
  const mentioned = new Set<string>();
  for (const id of checked.created) {
    const proposal = readProposal(id, proposals.get(id));
    if (proposal) mentioned.add(proposal.amendment);
  }
  return { createdRecords, mentioned };
}
