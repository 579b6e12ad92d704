import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { acceptProposals } from '../amendments/accept-proposals';
import { materialiseDraft } from '../amendments/materialise';
import { amendmentsMap, type AmendmentAuthor } from '../amendments/model';
import { isPending, readProposals } from '../amendments/proposals';
import { BODY_FIELD } from '../collab/protocol';
import { readYBody } from '../schema/read-yjs';
import { CHN, FRA, randomAmendment, USA } from './amendment-editors';
import { boundNetwork } from './bound-editors';
import { baseDraft, renderMarkup } from './proposal-drafts';
import { randomInt } from './seeded-random';

/**
 * The seeded harness of issue 19 at the editor level: three delegations in
 * real (headless) editors in suggesting mode, bound to their own Y.Docs by
 * the proposal binding, typing, deleting, replacing, pressing Enter, deleting
 * and moving paragraphs at random on stale copies, with random delivery and
 * clients going offline for a while; the server's copy decides now and then.
 */

export interface BindingFuzzOptions {
  seed: number;
  edits: number;
  /** Take clients offline for a few rounds at random. */
  offline?: boolean;
  /** The server accepts or rejects a pending amendment now and then. */
  decisions?: boolean;
  /**
   * The server's check of each client update before it is applied (the
   * server's rules); what it throws is counted as a refusal of an honest client.
   */
  check?: (server: Y.Doc, update: Uint8Array, author: AmendmentAuthor) => void;
}

export interface BindingFuzzResult {
  edits: number;
  checks: number;
  /** The binding refused an honest edit (it could not express it as proposals). */
  honestRefusals: string[];
  /** An editor showed something else than its Y.Doc materialises. */
  divergences: string[];
  /** A local edit came back from the Y.Doc otherwise than it was shown (moved, lost, reordered). */
  inexact: string[];
  /** Proposals made, and suggesting-mode refusals (the editor's own rules, e.g. one paragraph amendment at a time). */
  proposals: number;
  editorRefusals: number;
  /** Updates of honest clients the server's check refused. */
  serverRefusals: string[];
  /** A sponsor's edit changed the agreed text. */
  agreedTextChanged: string[];
  /** After delivering everything: replicas differ. */
  disagreements: string[];
}

const AUTHORS: readonly AmendmentAuthor[] = [FRA, CHN, USA];
const DECIDER = { userId: 'u-chair', name: 'Chair', delegation: 'CUB' };

function fixture() {
  return baseDraft({
    preamble: [
      [{ text: 'Recalling', italic: true }, { text: ' its resolution 76/1 of 2021,' }],
      [{ text: 'Noting', italic: true }, { text: ' the report of the Secretary-General,' }],
    ],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides to act now with all States;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests a report on costs;' }] },
      { kind: 'subParagraph', level: 1, content: [{ text: 'on staff;' }] },
      { kind: 'paragraph', content: [{ text: 'Invites all Member States;' }] },
      { kind: 'paragraph', content: [{ text: 'Decides to remain seized of the matter.' }] },
    ],
  });
}

function agreedJSON(doc: Y.Doc): string {
  return JSON.stringify(readYBody(doc.getXmlFragment(BODY_FIELD)).toJSON());
}

/** Runs one seed; every violation is described, none is thrown. */
export function runBindingFuzz(options: BindingFuzzOptions): BindingFuzzResult {
  const initial = Y.encodeStateAsUpdate(fixture());
  const network = boundNetwork(initial, AUTHORS, options.seed);
  const result: BindingFuzzResult = {
    edits: 0,
    checks: 0,
    honestRefusals: [],
    serverRefusals: [],
    divergences: [],
    inexact: [],
    proposals: 0,
    editorRefusals: 0,
    agreedTextChanged: [],
    disagreements: [],
  };
  const check = options.check;
  if (check) {
    network.beforeServerApplies = (update, index) => {
      const author = AUTHORS[index];
      if (!author) return;
      try {
        check(network.server, update, author);
      } catch (error) {
        result.serverRefusals.push(
          `seed ${options.seed} (${author.delegation}): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    };
  }
  const random = network.random;
  const offlineUntil = AUTHORS.map(() => -1);
  let agreed = agreedJSON(network.server);
  try {
    for (let round = 0; round < options.edits; round++) {
      if (options.offline) {
        offlineUntil.forEach((until, index) => {
          if (until === round) network.setOnline(index, true);
          if (until < round && random() < 0.04) {
            offlineUntil[index] = round + 2 + randomInt(random, 7);
            network.setOnline(index, false);
          }
        });
      }
      const index = randomInt(random, AUTHORS.length);
      const client = network.clients[index];
      if (!client) continue;
      const before = agreedJSON(client.doc);
      const refusalsBefore = client.refusals.length;
      const inexactBefore = client.inexact.length;
      randomAmendment(client.editor, random, round);
      result.edits++;
      for (const miss of client.inexact
        .slice(inexactBefore)
        .filter((entry) => canonical(entry.edited) !== canonical(entry.materialised))) {
        result.inexact.push(
          `seed ${options.seed} round ${round} (${client.author.delegation}): shown ${JSON.stringify(renderMarkup(miss.edited))} got ${JSON.stringify(renderMarkup(miss.materialised))}`,
        );
      }
      for (const reason of client.refusals.slice(refusalsBefore)) {
        if (reason.startsWith('This change cannot be made as an amendment')) {
          result.honestRefusals.push(`seed ${options.seed} round ${round}: ${reason}`);
        } else result.editorRefusals++;
      }
      if (agreedJSON(client.doc) !== before) {
        result.agreedTextChanged.push(
          `seed ${options.seed} round ${round} (${client.author.delegation})`,
        );
      }
      if (options.decisions && random() < 0.08) decide(network.server, random);
      network.deliverSome();
      for (const peer of network.clients) {
        result.checks++;
        const materialised = materialiseDraft(peer.doc, { schema: peer.editor.schema }).doc;
        if (!peer.editor.state.doc.eq(materialised)) {
          result.divergences.push(
            `seed ${options.seed} round ${round} (${peer.author.delegation})`,
          );
        }
      }
    }
    for (let index = 0; index < AUTHORS.length; index++) network.setOnline(index, true);
    network.deliverAll();
    result.proposals = readProposals(network.server).length;
    const server = JSON.stringify(materialiseDraft(network.server).doc.toJSON());
    const vector = Y.encodeStateVector(network.server).toString();
    for (const peer of network.clients) {
      if (JSON.stringify(materialiseDraft(peer.doc).doc.toJSON()) !== server) {
        result.disagreements.push(`seed ${options.seed}: ${peer.author.delegation}'s text`);
      }
      if (Y.encodeStateVector(peer.doc).toString() !== vector) {
        result.disagreements.push(`seed ${options.seed}: ${peer.author.delegation}'s state`);
      }
      if (
        !peer.editor.state.doc.eq(materialiseDraft(peer.doc, { schema: peer.editor.schema }).doc)
      ) {
        result.divergences.push(`seed ${options.seed} end (${peer.author.delegation})`);
      }
    }
    // Without decisions the agreed text never changes; accept-all agrees everywhere.
    if (!options.decisions && agreedJSON(network.server) !== agreed) {
      result.agreedTextChanged.push(`seed ${options.seed}: the server's agreed text`);
    }
    agreed = acceptAllText(network.server);
    for (const peer of network.clients) {
      if (acceptAllText(peer.doc) !== agreed) {
        result.disagreements.push(`seed ${options.seed}: accept-all on ${peer.author.delegation}`);
      }
    }
  } finally {
    network.destroy();
  }
  return result;
}

/** The agreed text after accepting every pending amendment on a copy. */
function acceptAllText(doc: Y.Doc): string {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const ids = new Set(
    readProposals(copy)
      .filter((proposal) => isPending(copy, proposal))
      .map((proposal) => proposal.amendment),
  );
  copy.transact(() => acceptProposals(copy, ids));
  return JSON.stringify(readYBody(copy.getXmlFragment(BODY_FIELD)).toJSON());
}

function decide(server: Y.Doc, random: () => number): void {
  const pending = readProposals(server).filter((proposal) => isPending(server, proposal));
  const picked = pending[randomInt(random, pending.length)];
  if (!picked) return;
  const records = amendmentsMap(server);
  const record = records.get(picked.amendment);
  if (!record) return;
  const outcome = random() < 0.5 ? 'accepted' : 'rejected';
  server.transact(() => {
    if (outcome === 'accepted') acceptProposals(server, new Set([picked.amendment]));
    records.set(picked.amendment, {
      ...record,
      decision: { outcome, ...DECIDER, at: new Date(0).toISOString() },
    });
  });
}

/**
 * A document character by character, each with its marks in a fixed order, and
 * each paragraph with its attributes: how text is cut into nodes, and the order
 * of marks on a node, carry no meaning.
 */
function canonical(doc: ProseMirrorNode): string {
  const lines: string[] = [];
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    const chars: string[] = [];
    node.forEach((child) => {
      const marks = child.marks
        .map((mark) => JSON.stringify(mark.toJSON()))
        .sort()
        .join();
      const text = child.isText ? (child.text ?? '') : `^[${child.textContent}]`;
      for (const char of text) chars.push(`${char}${marks}`);
    });
    lines.push(`${node.type.name} ${JSON.stringify(node.attrs)} ${chars.join('|')}`);
    return false;
  });
  return lines.join('\n');
}
