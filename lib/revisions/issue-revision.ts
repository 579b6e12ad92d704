import type * as Y from 'yjs';
import { collectAmendments } from '../amendments/collect';
import { decisionAuditEntries } from '../amendments/decision-audit';
import { applyDecision } from '../amendments/decide-on-ydoc';
import type { Decider, DecisionReport } from '../amendments/decision-request';
import { readHeader, writeHeader } from '../collab/draft-header';
import { DraftQueue } from '../collab/draft-queue';
import type { AuditEntry } from '../db/audit-store';
import type { Stores } from '../db/stores';
import { draftBodyState } from '../drafts/draft-body';
import {
  agreedSnapshot,
  revisionName,
  revisionSymbol,
  type Revision,
  type RevisionContent,
  type RevisionIssuer,
} from './revision';

/** What to do with the amendments still pending when a revision is issued. */
export const PENDING_POLICIES = ['carry', 'reject'] as const;
export type PendingPolicy = (typeof PENDING_POLICIES)[number];

export interface IssueRequest {
  /** The facilitator's note to delegations ('' for none). */
  note: string;
  /** Pending amendments stay pending into the next round ('carry') or are closed ('reject'). */
  pending: PendingPolicy;
}

/** A change to a draft's live document, run by the collaboration server; null: no such draft. */
export type ChangeDraft = <T>(
  draftId: string,
  change: (doc: Y.Doc) => T,
) => Promise<{ value: T } | null>;

/** What issuing did: the revision, and the pending amendments it closed. */
export interface IssueReport {
  revision: Omit<Revision, 'content'>;
  /** How many pending amendments stay pending (carried into the next round). */
  carried: number;
  /** The amendments closed (rejected) with the issue, if the facilitator chose to. */
  closed: DecisionReport | null;
}

/**
 * The change a revision makes to the live draft, in one Yjs transaction: the
 * pending amendments closed if asked, the header's symbol and date set to the
 * revision's (A/C.3/79/L.12 → A/C.3/79/L.12/Rev.1, the date of issue), and the
 * agreed text taken as it then stands.
 */
function cutRevision(
  doc: Y.Doc,
  number: number,
  request: IssueRequest,
  decider: Decider,
  now: Date,
): { content: RevisionContent; carried: number; closed: DecisionReport | null } {
  let closed: DecisionReport | null = null;
  const pendingIds = () =>
    collectAmendments(draftBodyState(doc).doc).map((amendment) => amendment.suggestionId);
  doc.transact(() => {
    const ids = [...new Set(pendingIds())];
    if (request.pending === 'reject' && ids.length > 0) {
      closed = applyDecision(doc, { action: 'reject', ids }, decider, now);
    }
    writeHeader(doc, {
      symbol: revisionSymbol(readHeader(doc).symbol, number),
      date: now.toISOString().slice(0, 10),
    });
  });
  return {
    content: agreedSnapshot(doc),
    carried: new Set(pendingIds()).size,
    closed,
  };
}

/** The audit record's sentence: "Rev.1 (A/C.3/79/L.12/Rev.1) issued; 3 pending amendments closed. Note: …" */
function issueSummary(revision: Revision, carried: number, closed: number): string {
  const plural = (n: number) => `${n} pending amendment${n === 1 ? '' : 's'}`;
  const what = `${revision.name}${revision.symbol ? ` (${revision.symbol})` : ''} issued`;
  const pending =
    closed > 0
      ? `; ${plural(closed)} closed`
      : carried > 0
        ? `; ${plural(carried)} carried over`
        : '';
  return `${what}${pending}.${revision.note ? ` Note: ${revision.note}` : ''}`;
}

// One issue at a time per draft in this process, so that two facilitators
// issuing at once get Rev.1 and Rev.2, not two Rev.1 (the store refuses a
// second one anyway).
const issuing = new DraftQueue();

/**
 * Issues the next revision of a draft (the zero draft first): cuts it from the
 * live document, stores it (never to change), and records it in the audit
 * record with the amendments it closed. null: no such draft.
 */
export async function issueRevision(
  stores: Pick<Stores, 'revisions' | 'audit'>,
  changeDraft: ChangeDraft,
  draftId: string,
  request: IssueRequest,
  issuer: RevisionIssuer,
  now: () => Date = () => new Date(),
): Promise<IssueReport | null> {
  return issuing.run(draftId, async (): Promise<IssueReport | null> => {
    const existing = await stores.revisions.list(draftId);
    const number = existing.length === 0 ? 0 : Math.max(...existing.map((r) => r.number)) + 1;
    const at = now();
    const cut = await changeDraft(draftId, (doc) => cutRevision(doc, number, request, issuer, at));
    if (!cut) return null;
    const { content, carried, closed } = cut.value;
    const revision: Revision = {
      draftId,
      number,
      name: revisionName(number),
      symbol: content.header.symbol,
      issuedAt: at.getTime(),
      issuedBy: issuer,
      note: request.note.trim(),
      content,
    };
    const summary = await stores.revisions.add(revision);
    const entries: AuditEntry[] = closed
      ? decisionAuditEntries(draftId, closed, issuer, at.getTime())
      : [];
    entries.push({
      draftId,
      at: at.getTime(),
      userId: issuer.userId,
      userName: issuer.name,
      delegation: issuer.delegation,
      action: 'revision.issued',
      suggestionId: null,
      paragraph: null,
      detail: {
        number,
        name: revision.name,
        symbol: revision.symbol,
        note: revision.note,
        pending: request.pending,
        carried,
        closed: closed?.done.length ?? 0,
        summary: issueSummary(revision, carried, closed?.done.length ?? 0),
      },
    });
    await stores.audit.append(entries);
    return { revision: summary, carried, closed };
  });
}
