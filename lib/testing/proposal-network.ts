import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { prosemirrorToYXmlFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { acceptProposals } from '../amendments/accept-proposals';
import {
  deleteBaseRange,
  indexBaseParagraphs,
  insertBaseContent,
  paragraphSize,
  type BaseParagraph,
} from '../amendments/base-text';
import { materialiseDraft, placeTextProposals, shownProposals } from '../amendments/materialise';
import {
  amendmentsMap,
  DELETION_MARK,
  INSERTION_MARK,
  newAmendmentMeta,
  paragraphSuggestion,
  type AmendmentAuthor,
  type AmendmentMeta,
  type DecisionOutcome,
} from '../amendments/model';
import { proposeParagraphs, proposeText } from '../amendments/propose';
import {
  isPending,
  proposalsMap,
  readProposals,
  withdrawProposal,
  type ContentOp,
  type ParagraphContainer,
  type ProposableParagraphType,
  type Proposal,
} from '../amendments/proposals';
import { BODY_FIELD } from '../collab/protocol';
import { resolutionSchema } from '../schema/document-extensions';
import { forEachParagraph } from '../schema/paragraph-ids';
import { readYBody } from '../schema/read-yjs';
import type { InlineRun, ResolutionBody } from '../schema/resolution-document';
import { resolutionJSON } from '../schema/resolution-json';
import { paragraphIds, renderMarkup } from './proposal-drafts';
import { randomInt, seededRandom } from './seeded-random';

/**
 * A seeded concurrency harness for amendments as objects (issue 19): a
 * facilitator and three delegations, each on its own Y.Doc, start from one
 * agreed text and exchange Yjs updates over per-link queues delivered in a
 * random order (a random subset each round), some clients going offline for
 * 2–8 rounds. Each round one client makes a random edit computed from its own
 * replica; every replica is then checked:
 *
 * 1. reject-all = base: the materialised document with every proposal's marks
 *    and proposed paragraphs taken away is the agreed text, exactly;
 * 2. every proposal (every item in it, its content included) and every
 *    undecided record was written by a client of its owner;
 * 3. the materialised document is schema-valid.
 *
 * At the end, with every queue delivered: equal state vectors and identical
 * materialised documents on every replica; accept-all on a copy of each
 * replica gives the same agreed text everywhere, equal to the "as if all
 * accepted" view of the materialised document.
 *
 * Everything is a function of the seed (fixed client ids, ids and ranks drawn
 * from the seeded generator), so a failing seed replays. A fault can be
 * injected (`fault`) to show the checks can fail.
 */

export const DELEGATIONS = ['FRA', 'CHN', 'RUS'] as const;
export const FACILITATOR = 'FAC';

/** Faults the harness can inject, one at a time. */
export type NetworkFault =
  /** CHN's replica orders insertions at one point by delegation instead of rank. */
  | 'ignoreRank'
  /** FRA's replica types into other delegations' proposals. */
  | 'foreignWriter';

export interface NetworkOptions {
  seed: number;
  /** Number of rounds, one edit each. */
  edits: number;
  /** Clients go offline for 2–8 rounds at random. */
  offline?: boolean;
  fault?: NetworkFault;
  /** A footnote in the base draft (see `networkBody`). */
  footnote?: boolean;
  /** Called with the replicas once the run is over (to look at a failing seed). */
  inspect?: (replicas: readonly { name: string; doc: Y.Doc }[]) => void;
  /** Stop collecting violation messages after this many (counts go on). */
  maxMessages?: number;
}

export interface NetworkCounts {
  runs: number;
  rounds: number;
  /** Individual checks made (per replica per round, plus the final ones). */
  checks: number;
  rejectAllNotBase: number;
  acceptAllDisagreements: number;
  schemaInvalid: number;
  wrongOwner: number;
  divergences: number;
}

export interface NetworkResult extends NetworkCounts {
  seed: number;
  violations: number;
  messages: string[];
  stats: Record<string, number>;
}

interface Replica {
  name: string;
  /** Delegation code, or FACILITATOR. */
  owner: string;
  doc: Y.Doc;
  offlineUntil: number;
  /** Changed since its last check (an unchanged replica would give the same answers). */
  dirty: boolean;
}

const ISO = '2026-12-01T10:00:00.000Z';
const WORDS = ['urgently', 'all', 'States', 'further', 'the', 'international', 'shall', 'not'];

/** A UUID v4 drawn from the seeded generator. */
function seededId(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => randomInt(random, 16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + randomInt(random, 4)).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * The base draft of every run: 3 PPs and 7 operative blocks with italic
 * openers; with `footnote`, a footnote in PP2 (off in the long runs, whose figures
 * predate 49790c2, which fixed materialise's footnote offsets).
 */
export function networkBody(footnote = false): ResolutionBody {
  const note: InlineRun[] = footnote ? [{ footnote: [{ text: 'A/77/1.' }] }] : [];
  return {
    preamble: [
      [{ text: 'Recalling', italic: true }, { text: ' its resolution 76/1 of 2021,' }],
      [
        { text: 'Noting', italic: true },
        { text: ' with concern the report' },
        ...note,
        { text: ' of the Secretary-General,' },
      ],
      [{ text: 'Welcoming', italic: true }, { text: ' the efforts of Member States,' }],
    ],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides to act now;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests a report on the matter;' }] },
      { kind: 'subParagraph', level: 1, content: [{ text: 'on costs;' }] },
      { kind: 'subParagraph', level: 1, content: [{ text: 'on the timeline;' }] },
      {
        kind: 'paragraph',
        content: [{ text: 'Calls upon', italic: true }, { text: ' all States to cooperate;' }],
      },
      { kind: 'paragraph', content: [{ text: 'Encourages further work;' }] },
      { kind: 'paragraph', content: [{ text: 'Decides to remain seized of the matter.' }] },
    ],
  };
}

/** The agreed text as a Yjs update made by client 100, paragraph ids from the seed. */
function baseUpdate(random: () => number, footnote: boolean): Uint8Array {
  const json = resolutionJSON(networkBody(footnote));
  const node = resolutionSchema.nodeFromJSON(json);
  const doc = new Y.Doc();
  doc.clientID = 100;
  // Replace the random paragraph ids with seeded ones.
  const parts: ProseMirrorNode[] = [];
  node.forEach((part) => {
    const children: ProseMirrorNode[] = [];
    part.forEach((child) =>
      children.push(
        child.type.create(
          { ...child.attrs, paragraphId: seededId(random) },
          child.content,
          child.marks,
        ),
      ),
    );
    parts.push(part.type.create(part.attrs, children));
  });
  prosemirrorToYXmlFragment(node.type.create(node.attrs, parts), doc.getXmlFragment(BODY_FIELD));
  return Y.encodeStateAsUpdate(doc);
}

const PARAGRAPH_TYPE: Record<ParagraphContainer, ProposableParagraphType> = {
  preamble: 'preambularParagraph',
  operativePart: 'operativeParagraph',
};

/** A paragraph's inline content as proposal content ops. */
function inlineOps(node: ProseMirrorNode): ContentOp[] {
  const ops: ContentOp[] = [];
  node.forEach((child) => {
    if (child.isText) {
      const attributes: Record<string, unknown> = {};
      for (const mark of child.marks) attributes[mark.type.name] = mark.attrs;
      ops.push(
        Object.keys(attributes).length > 0
          ? { insert: child.text ?? '', attributes }
          : { insert: child.text ?? '' },
      );
    } else if (child.type.name === 'footnote') {
      ops.push({ insert: { footnote: child.textContent } });
    }
  });
  return ops;
}

function findNode(doc: ProseMirrorNode, paragraphId: string): ProseMirrorNode | null {
  let found: ProseMirrorNode | null = null;
  forEachParagraph(doc, (node) => {
    if (!found && node.attrs.paragraphId === paragraphId) found = node;
  });
  return found;
}

function withoutSuggestion(node: ProseMirrorNode, content: ProseMirrorNode[]): ProseMirrorNode {
  return node.type.create({ ...node.attrs, suggestion: null }, content, node.marks);
}

function hasMark(node: ProseMirrorNode, name: string): boolean {
  return node.marks.some((mark) => mark.type.name === name);
}

function withoutMark(node: ProseMirrorNode, name: string): ProseMirrorNode {
  return node.mark(node.marks.filter((mark) => mark.type.name !== name));
}

/**
 * The materialised document with every proposal taken away: inserted runs and
 * proposed paragraphs dropped, deletion marks and paragraph suggestions cleared.
 */
export function rejectAllView(doc: ProseMirrorNode): ProseMirrorNode {
  const parts: ProseMirrorNode[] = [];
  doc.forEach((part) => {
    const children: ProseMirrorNode[] = [];
    part.forEach((child) => {
      const kind = paragraphSuggestion(child)?.kind;
      if (kind === 'insert' || kind === 'moveTo') return;
      const inline: ProseMirrorNode[] = [];
      child.forEach((run) => {
        if (!hasMark(run, INSERTION_MARK)) inline.push(withoutMark(run, DELETION_MARK));
      });
      children.push(withoutSuggestion(child, inline));
    });
    parts.push(part.type.create(part.attrs, children));
  });
  return doc.type.create(doc.attrs, parts);
}

/** A paragraph's inline content with every proposal's marks resolved one way. */
function inlineWithout(node: ProseMirrorNode, drop: string, clear: string): ProseMirrorNode[] {
  const inline: ProseMirrorNode[] = [];
  node.forEach((run) => {
    if (!hasMark(run, drop)) inline.push(withoutMark(run, clear));
  });
  return inline;
}

/**
 * The "as if all accepted" view: struck runs and removed paragraphs dropped,
 * marks cleared. `moves` pairs a moved copy with its original: a copy left as
 * the original's agreed text was takes the original's accepted words (as
 * acceptProposals does).
 */
export function acceptAllView(
  doc: ProseMirrorNode,
  moves: readonly { copy: string; original: string }[] = [],
): ProseMirrorNode {
  const byId = new Map<string, ProseMirrorNode>();
  forEachParagraph(doc, (node) => {
    const id = String(node.attrs.paragraphId);
    if (!byId.has(id) || paragraphSuggestion(node)?.kind !== 'moveTo') byId.set(id, node);
  });
  const takes = new Map<string, ProseMirrorNode>();
  for (const move of moves) {
    const original = byId.get(move.original);
    const copy = byId.get(move.copy);
    if (!original || !copy || paragraphSuggestion(original)?.kind === 'moveTo') continue;
    const agreed = original.type.create(
      null,
      inlineWithout(original, INSERTION_MARK, DELETION_MARK),
    );
    if (agreed.content.eq(copy.content)) takes.set(move.copy, original);
  }
  const parts: ProseMirrorNode[] = [];
  doc.forEach((part) => {
    const children: ProseMirrorNode[] = [];
    part.forEach((child) => {
      const kind = paragraphSuggestion(child)?.kind;
      if (kind === 'delete' || kind === 'moveFrom') return;
      const source =
        kind === 'moveTo' ? (takes.get(String(child.attrs.paragraphId)) ?? child) : child;
      children.push(withoutSuggestion(child, inlineWithout(source, DELETION_MARK, INSERTION_MARK)));
    });
    parts.push(part.type.create(part.attrs, children));
  });
  return doc.type.create(doc.attrs, parts);
}

interface ParagraphLine {
  paragraphId: string;
  type: string;
  text: string;
  /** Whether the id must match (not a moved paragraph, which takes the id of what it moves). */
  moved: boolean;
}

function lines(doc: ProseMirrorNode, moved: ReadonlySet<string> = new Set()): ParagraphLine[] {
  const list: ParagraphLine[] = [];
  forEachParagraph(doc, (node) => {
    let text = '';
    node.forEach((child) => {
      text += child.isText ? (child.text ?? '') : `^[${child.textContent}]`;
    });
    const paragraphId = String(node.attrs.paragraphId);
    list.push({ paragraphId, type: node.type.name, text, moved: moved.has(paragraphId) });
  });
  return list;
}

/** Differences between the accepted view's lines and an accepted base's (empty: equal). */
function compareLines(view: ParagraphLine[], base: ParagraphLine[]): string | null {
  if (view.length !== base.length) {
    return `${view.length} paragraphs in the view, ${base.length} in the base`;
  }
  for (let i = 0; i < view.length; i++) {
    const a = view[i]!;
    const b = base[i]!;
    if (a.text !== b.text) return `paragraph ${i}: view "${a.text}", base "${b.text}"`;
    if (a.type !== b.type) return `paragraph ${i}: view ${a.type}, base ${b.type}`;
    if (!a.moved && a.paragraphId !== b.paragraphId) return `paragraph ${i}: ids differ`;
  }
  return null;
}

/** The first paragraph where two documents differ, rendered. */
function firstDifference(a: ProseMirrorNode, b: ProseMirrorNode): string {
  const left = renderMarkup(a);
  const right = renderMarkup(b);
  const ids = [paragraphIds(a), paragraphIds(b)];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i] || ids[0]![i] !== ids[1]![i]) {
      return `paragraph ${i}: "${left[i] ?? '(none)'}" (${ids[0]![i]?.slice(0, 4) ?? ''}) vs "${right[i] ?? '(none)'}" (${ids[1]![i]?.slice(0, 4) ?? ''})`;
    }
  }
  return 'same text and ids, other attributes or marks differ';
}

function sameVector(a: Map<number, number>, b: Map<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [client, clock] of a) if (b.get(client) !== clock) return false;
  return true;
}

/** Every client id that wrote an item of `type` (nested types included). */
function writers(type: Y.AbstractType<unknown>, into: Set<number>): Set<number> {
  const visit = (item: Y.Item | null) => {
    for (let at = item; at; at = at.left) {
      into.add(at.id.client);
      if (at.content instanceof Y.ContentType) {
        writers(at.content.type as Y.AbstractType<unknown>, into);
      }
    }
  };
  for (let item = type._start; item; item = item.right) {
    into.add(item.id.client);
    if (item.content instanceof Y.ContentType) {
      writers(item.content.type as Y.AbstractType<unknown>, into);
    }
  }
  for (const item of type._map.values()) visit(item);
  return into;
}

/** Runs one seed; deterministic for a given seed and options. */
export function runProposalNetwork(options: NetworkOptions): NetworkResult {
  const random = seededRandom(options.seed);
  const maxMessages = options.maxMessages ?? 10;
  const result: NetworkResult = {
    seed: options.seed,
    runs: 1,
    rounds: 0,
    checks: 0,
    rejectAllNotBase: 0,
    acceptAllDisagreements: 0,
    schemaInvalid: 0,
    wrongOwner: 0,
    divergences: 0,
    violations: 0,
    messages: [],
    stats: {},
  };
  const stat = (name: string, by = 1) => {
    result.stats[name] = (result.stats[name] ?? 0) + by;
  };
  let round = 0;
  const violation = (kind: keyof NetworkCounts, message: string) => {
    result[kind] += 1;
    result.violations += 1;
    if (result.messages.length < maxMessages) {
      result.messages.push(`seed ${options.seed} round ${round}: ${kind}: ${message}`);
    }
  };

  const base = baseUpdate(random, options.footnote === true);
  const owners = [FACILITATOR, ...DELEGATIONS];
  const replicas: Replica[] = owners.map((owner, i) => {
    const doc = new Y.Doc();
    doc.clientID = i + 1;
    Y.applyUpdate(doc, base, 'remote');
    const replica: Replica = { name: owner, owner, doc, offlineUntil: 0, dirty: true };
    doc.on('update', () => {
      replica.dirty = true;
    });
    return replica;
  });
  const ownerOfClient = new Map<number, string>(replicas.map((r) => [r.doc.clientID, r.owner]));
  ownerOfClient.set(100, 'base');

  // queues[from][to]: updates made by `from` not yet delivered to `to`.
  const queues = replicas.map(() => replicas.map(() => [] as Uint8Array[]));
  replicas.forEach((replica, from) => {
    replica.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'remote') return;
      replicas.forEach((_, to) => {
        if (to !== from) queues[from]![to]!.push(update);
      });
    });
  });
  const online = (replica: Replica) => replica.offlineUntil <= round;

  const deliver = (all: boolean) => {
    replicas.forEach((sender, from) => {
      replicas.forEach((receiver, to) => {
        if (from === to || !online(sender) || !online(receiver)) return;
        const queue = queues[from]![to]!;
        if (queue.length === 0) return;
        const chosen: Uint8Array[] = [];
        const kept: Uint8Array[] = [];
        for (const update of queue) (all || random() < 0.5 ? chosen : kept).push(update);
        // Random order: Yjs must cope with updates arriving before what they depend on.
        for (let i = chosen.length - 1; i > 0; i--) {
          const j = randomInt(random, i + 1);
          [chosen[i], chosen[j]] = [chosen[j]!, chosen[i]!];
        }
        queues[from]![to] = kept;
        for (const update of chosen) Y.applyUpdate(receiver.doc, update, 'remote');
      });
    });
  };

  /** What a replica shows: its materialised document (with the fault, if it is the faulty one). */
  const view = (replica: Replica): ProseMirrorNode => {
    if (options.fault === 'ignoreRank' && replica.owner === 'CHN') {
      const copy = new Y.Doc();
      copy.clientID = 999;
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(replica.doc));
      copy.transact(() => {
        proposalsMap(copy).forEach((map) => {
          const delegation = map.get('delegation');
          if (typeof delegation === 'string') map.set('rank', delegation);
        });
      });
      return materialiseDraft(copy).doc;
    }
    return materialiseDraft(replica.doc).doc;
  };

  const checkReplica = (replica: Replica) => {
    if (!replica.dirty) return;
    replica.dirty = false;
    const doc = replica.doc;
    let agreed: ProseMirrorNode;
    try {
      agreed = readYBody(doc.getXmlFragment(BODY_FIELD));
    } catch (error) {
      violation('schemaInvalid', `${replica.name}: the base is invalid: ${String(error)}`);
      return;
    }
    let shown: ProseMirrorNode;
    result.checks += 1;
    try {
      shown = view(replica);
      shown.check();
    } catch (error) {
      violation('schemaInvalid', `${replica.name}: ${String(error)}`);
      return;
    }
    result.checks += 2;
    const none = materialiseDraft(doc, { include: () => false }).doc;
    if (!none.eq(agreed)) {
      violation(
        'rejectAllNotBase',
        `${replica.name}: include none ≠ base: ${firstDifference(none, agreed)}`,
      );
    }
    const rejected = rejectAllView(shown);
    if (!rejected.eq(agreed)) {
      violation(
        'rejectAllNotBase',
        `${replica.name}: markup without proposals ≠ base: ${firstDifference(rejected, agreed)}; markup: ${renderMarkup(shown).join(' | ')}`,
      );
    }
    // Ownership: every item of every proposal, and every undecided record.
    proposalsMap(doc).forEach((map, id) => {
      result.checks += 1;
      const owner = map.get('delegation');
      const clients = writers(map as Y.AbstractType<unknown>, new Set<number>());
      if (map._item) clients.add(map._item.id.client);
      for (const client of clients) {
        if (ownerOfClient.get(client) !== owner) {
          violation(
            'wrongOwner',
            `${replica.name}: proposal ${id} of ${String(owner)} written by ${ownerOfClient.get(client) ?? client}`,
          );
          break;
        }
      }
    });
    const records = amendmentsMap(doc);
    records.forEach((record, id) => {
      result.checks += 1;
      const item = records._map.get(id);
      if (!item) return;
      const expected = record.decision ? FACILITATOR : record.delegation;
      if (ownerOfClient.get(item.id.client) !== expected) {
        violation(
          'wrongOwner',
          `${replica.name}: record ${id} of ${record.delegation} written by ${ownerOfClient.get(item.id.client) ?? item.id.client}`,
        );
      }
    });
  };

  const word = () => {
    const text = `${WORDS[randomInt(random, WORDS.length)]!} `;
    return random() < 0.2 ? { insert: text, attributes: { italic: {} } } : { insert: text };
  };
  const words = (): ContentOp[] => Array.from({ length: 1 + randomInt(random, 3) }, word);
  const pick = <T>(list: readonly T[]): T | undefined => list[randomInt(random, list.length)];

  const baseParagraphs = (doc: Y.Doc): BaseParagraph[] => [
    ...indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD)).values(),
  ];

  const newRecord = (doc: Y.Doc, delegation: string): string => {
    const amendment = seededId(random);
    const author: AmendmentAuthor = { userId: `u-${delegation}`, name: delegation, delegation };
    amendmentsMap(doc).set(amendment, newAmendmentMeta(author, ISO, []));
    return amendment;
  };

  const textProposal = (replica: Replica, kind: 'insert' | 'delete' | 'replace') => {
    const doc = replica.doc;
    const paragraph = pick(baseParagraphs(doc));
    if (!paragraph) return stat('skipped');
    const size = paragraphSize(paragraph.element);
    let from: number;
    let to: number;
    let after: string | null | undefined;
    if (kind === 'insert') {
      // Half the time at a point where insertions already sit (concurrent ones at one point).
      const placed =
        placeTextProposals(
          doc,
          indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD)),
          shownProposals(doc).text,
        ).get(paragraph.paragraphId) ?? [];
      const occupied = placed.filter((item) => item.proposal.content.length > 0);
      const near = random() < 0.5 ? pick(occupied) : undefined;
      from = to = near ? near.to : randomInt(random, size + 1);
      const here = occupied.filter((item) => item.to === from).map((item) => item.proposal.id);
      const choice = randomInt(random, 3);
      after = choice === 0 ? undefined : choice === 1 ? null : pick(here);
      if (here.length > 0) stat('insertions at an occupied point');
    } else {
      if (size === 0) return stat('skipped');
      from = randomInt(random, size);
      to = from + 1 + randomInt(random, Math.min(12, size - from));
    }
    doc.transact(() => {
      proposeText(doc, {
        id: seededId(random),
        amendment: newRecord(doc, replica.owner),
        delegation: replica.owner,
        paragraphId: paragraph.paragraphId,
        from,
        to,
        content: kind === 'delete' ? [] : words(),
        after,
      });
    });
    stat(`proposed ${kind}`);
  };

  const ownPending = (replica: Replica, anyone = false): Proposal[] =>
    readProposals(replica.doc)
      .filter((p) => (anyone || p.delegation === replica.owner) && isPending(replica.doc, p))
      .sort((a, b) => (a.id < b.id ? -1 : 1));

  const typeMore = (replica: Replica) => {
    const anyone = options.fault === 'foreignWriter' && replica.owner === 'FRA';
    const proposal = pick(ownPending(replica, anyone));
    if (!proposal) return stat('skipped');
    const content =
      proposal.kind === 'text' ? proposal.content : pick(proposal.paragraphs)?.content;
    if (!content) return stat('skipped');
    const op = word();
    content.insert(randomInt(random, content.length + 1), op.insert as string, op.attributes ?? {});
    stat('typed into a proposal');
  };

  const withdraw = (replica: Replica) => {
    const proposal = pick(ownPending(replica));
    if (!proposal) return stat('skipped');
    withdrawProposal(replica.doc, proposal.id);
    stat('withdrawn');
  };

  const paragraphProposal = (replica: Replica, kind: 'new' | 'delete' | 'move') => {
    const doc = replica.doc;
    const all = baseParagraphs(doc);
    const paragraph = pick(all);
    if (!paragraph) return stat('skipped');
    const container = paragraph.container;
    const sameContainer = all.filter((p) => p.container === container);
    const request = {
      id: seededId(random),
      delegation: replica.owner,
      container,
    };
    doc.transact(() => {
      const amendment = newRecord(doc, replica.owner);
      if (kind === 'new') {
        proposeParagraphs(doc, {
          ...request,
          amendment,
          kind: 'newParagraphs',
          removes: [],
          after: random() < 0.15 ? null : paragraph.paragraphId,
          paragraphs: [
            { paragraphId: seededId(random), type: PARAGRAPH_TYPE[container], content: words() },
          ],
        });
      } else if (kind === 'delete') {
        proposeParagraphs(doc, {
          ...request,
          amendment,
          kind: 'deleteParagraphs',
          removes: [paragraph.paragraphId],
          after: paragraph.paragraphId,
          paragraphs: [],
        });
      } else {
        const node = findNode(readYBody(doc.getXmlFragment(BODY_FIELD)), paragraph.paragraphId);
        const target = pick(sameContainer.filter((p) => p !== paragraph));
        if (!node) return;
        proposeParagraphs(doc, {
          ...request,
          amendment,
          kind: 'moveParagraphs',
          removes: [paragraph.paragraphId],
          after: target && random() < 0.85 ? target.paragraphId : null,
          paragraphs: [
            {
              paragraphId: seededId(random),
              type: node.type.name as ProposableParagraphType,
              level: typeof node.attrs.level === 'number' ? node.attrs.level : null,
              numbered: typeof node.attrs.numbered === 'boolean' ? node.attrs.numbered : null,
              content: inlineOps(node),
            },
          ],
        });
      }
    });
    stat(`proposed ${kind} paragraph`);
  };

  const facilitatorEdit = (replica: Replica) => {
    const doc = replica.doc;
    const choice = random();
    if (choice < 0.4) {
      const paragraph = pick(baseParagraphs(doc));
      if (!paragraph) return stat('skipped');
      const size = paragraphSize(paragraph.element);
      const what = random();
      doc.transact(() => {
        if (what < 0.45) {
          insertBaseContent(paragraph.element, randomInt(random, size + 1), words());
          stat('base insert');
        } else if (what < 0.9 && size > 0) {
          const from = randomInt(random, size);
          deleteBaseRange(
            paragraph.element,
            from,
            from + 1 + randomInt(random, Math.min(10, size - from)),
          );
          stat('base delete');
        } else {
          deleteBaseRange(paragraph.element, 0, size);
          stat('base paragraph wiped');
        }
      });
      return;
    }
    const pending = [
      ...new Set(
        readProposals(doc)
          .filter((p) => isPending(doc, p))
          .map((p) => p.amendment),
      ),
    ].sort();
    const records = amendmentsMap(doc);
    const amendment = pick(pending.filter((id) => records.get(id)));
    if (!amendment) return stat('skipped');
    const outcome: DecisionOutcome = choice < 0.8 ? 'accepted' : 'rejected';
    doc.transact(() => {
      if (outcome === 'accepted') acceptProposals(doc, new Set([amendment]));
      const record = records.get(amendment)!;
      const decided: AmendmentMeta = {
        ...record,
        decision: {
          outcome,
          userId: 'u-FAC',
          name: 'Facilitator',
          delegation: FACILITATOR,
          at: ISO,
        },
      };
      records.set(amendment, decided);
    });
    stat(outcome);
  };

  const edit = (replica: Replica) => {
    if (replica.owner === FACILITATOR) return facilitatorEdit(replica);
    const choice = random();
    if (choice < 0.22) textProposal(replica, 'insert');
    else if (choice < 0.36) textProposal(replica, 'delete');
    else if (choice < 0.5) textProposal(replica, 'replace');
    else if (choice < 0.68) typeMore(replica);
    else if (choice < 0.76) withdraw(replica);
    else if (choice < 0.84) paragraphProposal(replica, 'new');
    else if (choice < 0.92) paragraphProposal(replica, 'delete');
    else paragraphProposal(replica, 'move');
  };

  for (round = 1; round <= options.edits; round++) {
    result.rounds += 1;
    if (options.offline) {
      for (const replica of replicas) {
        if (online(replica) && random() < 0.04) {
          replica.offlineUntil = round + 2 + randomInt(random, 7);
          stat('offline bursts');
        }
      }
    }
    deliver(false);
    // The facilitator edits a quarter of the rounds.
    const editor = random() < 0.25 ? replicas[0]! : replicas[1 + randomInt(random, 3)]!;
    edit(editor);
    for (const replica of replicas) checkReplica(replica);
  }

  // Everyone online, every queue delivered.
  for (const replica of replicas) replica.offlineUntil = 0;
  for (let pass = 0; pass < 10 && queues.some((q) => q.some((l) => l.length > 0)); pass++) {
    deliver(true);
  }
  for (const replica of replicas) checkReplica(replica);

  const first = replicas[0]!;
  const firstVector = Y.decodeStateVector(Y.encodeStateVector(first.doc));
  const firstJSON = JSON.stringify(view(first).toJSON());
  let acceptedBase: string | null = null;
  for (const replica of replicas) {
    result.checks += 3;
    const doc = replica.doc;
    if (doc.store.pendingStructs || doc.store.pendingDs) {
      violation('divergences', `${replica.name}: updates still pending after delivery`);
    }
    if (!sameVector(Y.decodeStateVector(Y.encodeStateVector(doc)), firstVector)) {
      violation('divergences', `${replica.name}: state vector differs from ${first.name}'s`);
    }
    const shown = view(replica);
    if (JSON.stringify(shown.toJSON()) !== firstJSON) {
      violation(
        'divergences',
        `${replica.name}: materialised document differs from ${first.name}'s`,
      );
    }
    // Accept-all on a copy.
    const copy = new Y.Doc();
    copy.clientID = 200;
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const pending = new Set(
      readProposals(copy)
        .filter((p) => isPending(copy, p))
        .map((p) => p.amendment),
    );
    const moved = new Set<string>();
    const moves: { copy: string; original: string }[] = [];
    for (const proposal of readProposals(copy)) {
      if (proposal.kind === 'moveParagraphs' && pending.has(proposal.amendment)) {
        proposal.paragraphs.forEach((paragraph, i) => {
          moved.add(paragraph.paragraphId);
          const original = proposal.removes[i];
          if (original && proposal.removes.length === proposal.paragraphs.length) {
            moves.push({ copy: paragraph.paragraphId, original });
          }
        });
      }
    }
    let kept: string[] = [];
    copy.transact(() => {
      kept = acceptProposals(copy, pending).kept.map((k) => k.paragraphId);
    });
    let accepted: ProseMirrorNode;
    try {
      accepted = readYBody(copy.getXmlFragment(BODY_FIELD));
    } catch (error) {
      violation('schemaInvalid', `${replica.name}: accept-all base invalid: ${String(error)}`);
      continue;
    }
    const acceptedJSON = JSON.stringify(accepted.toJSON());
    if (acceptedBase === null) acceptedBase = acceptedJSON;
    else if (acceptedJSON !== acceptedBase) {
      violation(
        'acceptAllDisagreements',
        `${replica.name}: accept-all base differs from ${first.name}'s`,
      );
    }
    // A removal that would empty its part of the draft is kept (documented): leave it out.
    const keptSet = new Set(kept);
    const baseLines = lines(accepted).filter((line) => !keptSet.has(line.paragraphId));
    const difference = compareLines(lines(acceptAllView(shown, moves), moved), baseLines);
    if (difference) {
      violation(
        'acceptAllDisagreements',
        `${replica.name}: accepted view ≠ accept-all: ${difference}`,
      );
    }
    if (kept.length > 0) stat('removals kept (part would be empty)');
  }
  options.inspect?.(replicas);
  for (const replica of replicas) replica.doc.destroy();
  return result;
}

/** Sums the counts of several runs. */
export function sumCounts(
  results: readonly NetworkResult[],
): NetworkCounts & { stats: Record<string, number> } {
  const total: NetworkCounts & { stats: Record<string, number> } = {
    runs: 0,
    rounds: 0,
    checks: 0,
    rejectAllNotBase: 0,
    acceptAllDisagreements: 0,
    schemaInvalid: 0,
    wrongOwner: 0,
    divergences: 0,
    stats: {},
  };
  for (const result of results) {
    for (const key of Object.keys(total) as (keyof NetworkCounts | 'stats')[]) {
      if (key === 'stats') continue;
      total[key] += result[key];
    }
    for (const [name, value] of Object.entries(result.stats)) {
      total.stats[name] = (total.stats[name] ?? 0) + value;
    }
  }
  return total;
}
