import type * as Y from 'yjs';
import type { AuditEntry } from '@/lib/db/audit-store';
import type { PositionActor } from '@/lib/db/position-store';
import type { Stores } from '@/lib/db/stores';
import {
  positionTarget,
  readPositionEntries,
  summarisePositions,
  writePositions,
  type Position,
  type PositionResult,
  type PositionTarget,
} from '@/lib/amendments/positions';
import { collectAmendments } from '@/lib/amendments/collect';
import { draftBodyState } from '@/lib/drafts/draft-body';
import { DraftQueue } from '@/lib/collab/draft-queue';

/** A change to a draft's live document, run by the collaboration server; null: no such draft. */
type ChangeDraft = <T>(draftId: string, change: (doc: Y.Doc) => T) => Promise<{ value: T } | null>;

function refused(status: 404 | 409, error: string): PositionResult {
  return { ok: false, status, error };
}

/** Why no position can be taken on this amendment by `delegation`; null: it can. */
function refusal(target: PositionTarget | null, delegation: string): PositionResult | null {
  if (!target) return refused(404, 'There is no such amendment in this draft.');
  if (target.state !== 'pending') {
    return refused(
      409,
      `This amendment of ${target.delegation} has been ${target.state}: positions are taken on pending amendments only.`,
    );
  }
  if (target.delegation === delegation) {
    return refused(409, 'This is your own delegation’s amendment: support or object to another’s.');
  }
  return null;
}

const ACTIONS: Record<Position | 'withdrawn', AuditEntry['action']> = {
  support: 'proposal.supported',
  object: 'proposal.objected',
  withdrawn: 'proposal.position-withdrawn',
};

/** The audit record's sentence (History and the CSV show it). */
function positionSummary(
  delegation: string,
  owner: string,
  now: Position | 'withdrawn',
  before: Position | null,
): string {
  const was = before === 'support' ? 'support for' : 'objection to';
  switch (now) {
    case 'support':
      return `${delegation} supports ${owner}’s amendment${before === 'object' ? ' (it objected before)' : ''}.`;
    case 'object':
      return `${delegation} objects to ${owner}’s amendment${before === 'support' ? ' (it supported it before)' : ''}.`;
    default:
      return `${delegation} withdrew its ${was} ${owner}’s amendment.`;
  }
}

/**
 * Positions on proposals (issue 23): a delegation with any role supports or
 * objects to another delegation's pending amendment, or withdraws that, for
 * its own delegation only (from the session). The store is the record; each
 * change is then written to the draft's 'positions' map, which every page
 * reads live, and to the audit log.
 */
export class ProposalPositions {
  private readonly queue = new DraftQueue();

  constructor(
    private readonly stores: Pick<Stores, 'positions' | 'audit'>,
    private readonly changeDraft: ChangeDraft,
    private readonly now: () => number = Date.now,
  ) {}

  /** Supports or objects to an amendment; replaces the delegation's previous position. */
  take(
    draftId: string,
    amendmentId: string,
    position: Position,
    actor: PositionActor,
  ): Promise<PositionResult> {
    return this.change(draftId, amendmentId, actor, position);
  }

  /** Withdraws the delegation's position on an amendment (409 if it has none). */
  withdraw(draftId: string, amendmentId: string, actor: PositionActor): Promise<PositionResult> {
    return this.change(draftId, amendmentId, actor, 'withdrawn');
  }

  /** Waits for the requests under way. */
  close(): Promise<void> {
    return this.queue.idle();
  }

  private change(
    draftId: string,
    amendmentId: string,
    actor: PositionActor,
    now: Position | 'withdrawn',
  ): Promise<PositionResult> {
    return this.queue.run(draftId, async () => {
      const read = await this.changeDraft(draftId, (doc) => {
        const target = positionTarget(doc, amendmentId);
        const shown = target?.state === 'pending' ? collectAmendments(draftBodyState(doc).doc) : [];
        const references = shown.find((entry) => entry.suggestionId === amendmentId)?.references;
        return target ? { ...target, references: references ?? [] } : null;
      });
      if (!read) return refused(404, 'There is no such draft for your delegation.');
      const refusedWhy = refusal(read.value, actor.delegation);
      if (refusedWhy || !read.value) return refusedWhy ?? refused(404, 'No such amendment.');
      const owner = read.value.delegation;
      const at = this.now();
      const before =
        now === 'withdrawn'
          ? await this.stores.positions.withdraw(draftId, amendmentId, actor.delegation)
          : await this.stores.positions.take({
              draftId,
              amendmentId,
              position: now,
              by: actor,
              at,
            });
      if (now === 'withdrawn' && before === null) {
        return refused(409, `Your delegation has taken no position on ${owner}’s amendment.`);
      }
      const entries = (await this.stores.positions.list(draftId, amendmentId)).map(
        ({ delegation, position, at: when }) => ({ delegation, position, at: when }),
      );
      const written = await this.changeDraft(draftId, (doc) => {
        writePositions(doc, amendmentId, entries);
        return readPositionEntries(doc, amendmentId);
      });
      if (before !== now) {
        await this.stores.audit.append([
          {
            draftId,
            at,
            userId: actor.userId,
            userName: actor.name,
            delegation: actor.delegation,
            action: ACTIONS[now],
            suggestionId: amendmentId,
            paragraph: read.value.references.join(' → ') || null,
            detail: {
              proposedBy: owner,
              position: now === 'withdrawn' ? null : now,
              previous: before,
              summary: positionSummary(actor.delegation, owner, now, before),
            },
          },
        ]);
      }
      return { ok: true, positions: summarisePositions(written?.value ?? entries) };
    });
  }
}
