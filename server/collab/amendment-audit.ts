import * as Y from 'yjs';
import { collectAmendments, type PendingAmendment } from '@/lib/amendments/collect';
import { readAmendmentMeta } from '@/lib/amendments/model';
import { BODY_FIELD } from '@/lib/collab/protocol';
import type { AuditEntry, AuditStore } from '@/lib/db/audit-store';
import { draftBodyState } from '@/lib/drafts/draft-body';
import { labelParagraphs } from '@/lib/schema/numbering';
import { SchemaViolationError } from '@/lib/schema/read-yjs';
import { log } from '../log';

/** Who did something, from the session of the connection that sent it. */
export interface Actor {
  userId: string;
  name: string;
  delegation: string;
}

interface StatusChange {
  paragraphId: string;
  from: unknown;
  to: unknown;
  actor: Actor;
  at: number;
}

/**
 * Writes to the audit log what happens to a draft's amendments through the
 * text: amendments proposed and withdrawn, and paragraph statuses set.
 * (Decisions are written by the decision route itself.)
 *
 * A look at the draft (one walk over it) is taken `delayMs` after a change,
 * at most once per `delayMs` while people type. A new amendment is recorded
 * once its text reads the same at two looks in a row (so with what was
 * proposed, not its first keystroke); one whose marks have all gone without a
 * decision is recorded as withdrawn, by the last member of its delegation who
 * changed the draft (or else the last person who did). An amendment typed and
 * taken back within a few seconds is not recorded at all.
 */
export class AmendmentAuditor {
  private known: Map<string, PendingAmendment>;
  /** New amendments seen at the last look, recorded once their text stops changing. */
  private fresh = new Map<string, PendingAmendment>();
  private readonly statusChanges: StatusChange[] = [];
  private readonly actors = new Map<string, Actor>();
  /** Who proposed each amendment whose record arrived while the room was open, and when. */
  private readonly proposers = new Map<string, { actor: Actor; at: number }>();
  private lastActor: Actor | null = null;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly draftId: string,
    private readonly doc: Y.Doc,
    private readonly audit: AuditStore,
    private readonly delayMs: number,
  ) {
    const pending = this.pendingNow();
    this.known = pending ?? new Map();
    doc.getXmlFragment(BODY_FIELD).observeDeep(this.onBodyEvents);
    // Unreadable (logged): nothing to compare the record with.
    if (pending)
      this.writing = this.reconcile().catch((error: unknown) =>
        log.error('could not compare the draft with its audit record', {
          draft: this.draftId,
          reason: String(error),
        }),
      );
  }

  /**
   * At open: what the record lacks of what happened before the draft opened
   * here — a proposal or a withdrawal within `delayMs` of the process that
   * had the draft being killed (or losing it to another process, issue 24), or
   * amendments written into the draft without the server (a seed, an import)
   * — is recorded now, by the amendment record's own delegation and user, at
   * the time it is noticed (`detail.noticedAtOpen`).
   */
  private async reconcile(): Promise<void> {
    const open = new Map<string, boolean>();
    for (const record of await this.audit.list(this.draftId)) {
      if (!record.suggestionId) continue;
      open.set(
        record.suggestionId,
        record.action === 'amendment.proposed' || record.action === 'amendment.reinstated',
      );
    }
    const at = Date.now();
    const entries: AuditEntry[] = [];
    for (const [id, amendment] of this.known) {
      if (open.has(id)) continue;
      const entry = this.proposal(id, amendment, at);
      entries.push({ ...entry, detail: { ...entry.detail, noticedAtOpen: true } });
    }
    for (const [id, isOpen] of open) {
      if (!isOpen || this.known.has(id) || this.fresh.has(id)) continue;
      const meta = readAmendmentMeta(this.doc, id);
      // Decided: the decision route records it. Gone without a decision: withdrawn.
      if (!meta || meta.decision) continue;
      entries.push({
        draftId: this.draftId,
        at,
        userId: meta.userId,
        userName: meta.name,
        delegation: meta.delegation,
        action: 'amendment.withdrawn',
        suggestionId: id,
        paragraph: null,
        detail: { proposedBy: meta.delegation, noticedAtOpen: true },
      });
    }
    if (entries.length > 0) await this.audit.append(entries);
  }

  /** Someone's change was applied: look at the draft soon. */
  changed(actor: Actor, origin: unknown): void {
    this.actors.set(actor.delegation, actor);
    this.lastActor = actor;
    if (origin && typeof origin === 'object') this.origins.set(origin, actor);
    this.schedule();
  }

  /**
   * The records of these amendments arrived in an update from `actor`'s
   * connection at `at` (the server's clock): the audit names them as their
   * proposer, whatever the record itself says.
   */
  proposed(ids: readonly string[], actor: Actor, at: number): void {
    for (const id of ids) this.proposers.set(id, { actor, at });
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.look();
    }, this.delayMs);
  }

  /** Looks now and resolves once what it found is stored (before a decision; when the room closes). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.look(true);
    await this.writing;
  }

  destroy(): void {
    clearTimeout(this.timer);
    this.doc.getXmlFragment(BODY_FIELD).unobserveDeep(this.onBodyEvents);
  }

  /** The actor of each transaction origin (connection), for status changes. */
  private readonly origins = new WeakMap<object, Actor>();

  private readonly onBodyEvents = (
    events: Y.YEvent<Y.XmlElement>[],
    transaction: Y.Transaction,
  ) => {
    for (const event of events) {
      if (!(event.target instanceof Y.XmlElement) || !event.keys.has('status')) continue;
      const actor =
        (transaction.origin && typeof transaction.origin === 'object'
          ? this.origins.get(transaction.origin)
          : undefined) ?? null;
      if (!actor) continue;
      this.statusChanges.push({
        paragraphId: String(event.target.getAttribute('paragraphId') ?? ''),
        from: event.keys.get('status')?.oldValue ?? null,
        to: event.target.getAttribute('status') ?? null,
        actor,
        at: Date.now(),
      });
    }
  };

  /**
   * The "proposed" row: who and when from the session and the server's clock
   * (`proposed`); the record's own fields only for an amendment whose record
   * came before the room opened (checked by the rules when it was written).
   */
  private proposal(id: string, amendment: PendingAmendment, at: number): AuditEntry {
    const proposer = this.proposers.get(id);
    const meta = proposer ? null : readAmendmentMeta(this.doc, id);
    return {
      draftId: this.draftId,
      at: proposer?.at ?? at,
      userId: proposer?.actor.userId ?? meta?.userId ?? '',
      userName: proposer?.actor.name ?? meta?.name ?? '',
      delegation: proposer?.actor.delegation ?? meta?.delegation ?? amendment.delegation,
      action: 'amendment.proposed',
      suggestionId: id,
      paragraph: amendment.references.join(' → ') || null,
      detail: detailOf(amendment),
    };
  }

  /** The pending amendments now; null when the draft holds what the schema cannot (logged). */
  private pendingNow(): Map<string, PendingAmendment> | null {
    try {
      const amendments = collectAmendments(draftBodyState(this.doc).doc);
      return new Map(amendments.map((amendment) => [amendment.suggestionId, amendment]));
    } catch (error) {
      if (!(error instanceof SchemaViolationError)) throw error;
      log.error('the draft holds content the schema cannot hold; the audit looks again later', {
        draft: this.draftId,
        reason: error.message,
      });
      return null;
    }
  }

  /**
   * Compares the pending amendments with the last look. A new one is recorded
   * once its text reads the same at two looks in a row (or at the `final` look),
   * so that the record holds what was proposed, not its first keystrokes.
   */
  private look(final = false): void {
    const entries: AuditEntry[] = [];
    const now = this.pendingNow();
    if (!now) return;
    const at = Date.now();
    const fresh = new Map<string, PendingAmendment>();
    for (const [id, amendment] of now) {
      if (this.known.has(id)) continue;
      const seen = this.fresh.get(id);
      if (
        !final &&
        (!seen || seen.oldText !== amendment.oldText || seen.newText !== amendment.newText)
      ) {
        fresh.set(id, amendment);
        continue;
      }
      const meta = readAmendmentMeta(this.doc, id);
      // Reinstated amendments come back through the decision route, which records them.
      if (meta?.history.some((event) => event.action === 'reinstated')) continue;
      entries.push(this.proposal(id, amendment, at));
    }
    // Decided before its text settled: on the record as it last read.
    for (const [id, amendment] of this.fresh) {
      if (!now.has(id) && readAmendmentMeta(this.doc, id)?.decision) {
        entries.push(this.proposal(id, amendment, at));
      }
    }
    for (const [id, amendment] of this.known) {
      if (now.has(id)) continue;
      // Recorded as proposed: its withdrawal or decision is recorded too.
      const meta = readAmendmentMeta(this.doc, id);
      if (meta?.decision) continue;
      const actor = this.actors.get(amendment.delegation) ?? this.lastActor;
      entries.push({
        draftId: this.draftId,
        at,
        userId: actor?.userId ?? '',
        userName: actor?.name ?? '',
        delegation: actor?.delegation ?? amendment.delegation,
        action: 'amendment.withdrawn',
        suggestionId: id,
        paragraph: amendment.references.join(' → ') || null,
        detail: detailOf(amendment),
      });
    }
    // Known: what is on the record as proposed (or was there when the draft was opened).
    this.known = new Map([...now].filter(([id]) => !fresh.has(id)));
    this.fresh = fresh;
    if (fresh.size > 0) this.schedule();
    if (this.statusChanges.length > 0) {
      const labels = new Map(
        labelParagraphs(draftBodyState(this.doc).doc).map((label) => [
          label.paragraphId,
          label.reference,
        ]),
      );
      for (const change of this.statusChanges.splice(0)) {
        entries.push({
          draftId: this.draftId,
          at: change.at,
          userId: change.actor.userId,
          userName: change.actor.name,
          delegation: change.actor.delegation,
          action: 'paragraph.status',
          suggestionId: null,
          paragraph: labels.get(change.paragraphId) ?? null,
          detail: { paragraphId: change.paragraphId, from: change.from, to: change.to },
        });
      }
    }
    if (entries.length === 0) return;
    this.writing = this.writing
      .then(() => this.audit.append(entries))
      .then(
        () => undefined,
        (error: unknown) =>
          log.error('could not write to the audit log', {
            draft: this.draftId,
            entries: entries.length,
            reason: String(error),
          }),
      );
  }
}

function detailOf(amendment: PendingAmendment): Record<string, unknown> {
  return {
    proposedBy: amendment.delegation,
    kind: amendment.kind,
    oldText: amendment.oldText,
    newText: amendment.newText,
  };
}
