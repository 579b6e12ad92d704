import type * as Y from 'yjs';
import type { AuditEntry } from '@/lib/db/audit-store';
import type { SilenceActor, SilenceProcedure } from '@/lib/db/silence-store';
import { SilenceRunningError } from '@/lib/db/silence-store';
import type { Stores } from '@/lib/db/stores';
import {
  MAX_SILENCE_DAYS,
  readSilence,
  writeSilence,
  type SilencePerson,
  type SilenceResult,
  type SilenceState,
} from '@/lib/collab/silence-state';
import { revisionName } from '@/lib/revisions/revision';
import { log } from '../log';
import { DraftQueue } from '@/lib/collab/draft-queue';

/** A change to a draft's live document, run by the collaboration server; null: no such draft. */
type ChangeDraft = <T>(draftId: string, change: (doc: Y.Doc) => T) => Promise<{ value: T } | null>;

/** What the facilitator asks for: a revision of the draft and a deadline (ms since the epoch). */
export interface SilenceStartRequest {
  revision: number;
  deadline: number;
}

/** A delegation's statement breaking silence. */
export interface SilenceBreakRequest {
  paragraphs: string;
  statement: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** setTimeout waits at most 2^31-1 ms (24.8 days); a later deadline is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A time as the server states it in messages: UTC, to the minute. */
function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function person(actor: SilenceActor): SilencePerson {
  return { name: actor.name, delegation: actor.delegation };
}

function refused(status: 400 | 404 | 409, error: string): SilenceResult {
  return { ok: false, status, error };
}

const NO_DRAFT = refused(404, 'There is no such draft for your delegation.');

/** The public state of a procedure, as every page of the draft sees it. */
function stateOf(procedure: SilenceProcedure, endedBy: SilencePerson | null): SilenceState {
  return {
    id: procedure.id,
    revision: procedure.revision,
    revisionName: revisionName(procedure.revision),
    startedAt: procedure.startedAt,
    deadline: procedure.deadline,
    startedBy: person(procedure.startedBy),
    breaks: procedure.breaks.map((entry) => ({
      ...person(entry.by),
      at: entry.at,
      paragraphs: entry.paragraphs,
      statement: entry.statement,
    })),
    outcome: procedure.outcome,
    endedAt: procedure.endedAt,
    endedBy,
  };
}

/** Why a break or an early end cannot be taken: the procedure is over (or there is none). */
function notRunning(procedure: SilenceProcedure | null, now: number): string {
  if (!procedure) return 'This draft is not under silence.';
  if (procedure.outcome === null && now >= procedure.deadline) {
    return `The silence deadline (${utc(procedure.deadline)}) has passed: silence can no longer be broken.`;
  }
  const outcome =
    procedure.outcome === 'held'
      ? 'silence held'
      : procedure.outcome === 'broken'
        ? 'silence was broken'
        : 'it was ended early';
  return `The silence procedure on ${revisionName(procedure.revision)} is over (${outcome}, ${utc(procedure.endedAt ?? procedure.deadline)}): silence can no longer be broken.`;
}

/**
 * The silence procedures of every draft (issue 22): started by a facilitator
 * on a revision with a deadline, broken in writing by any delegation with a
 * role, ended at the deadline ('held' when nobody broke it, otherwise
 * 'broken') or early by the facilitator. The store is the record; each change
 * is then written to the draft's Y.Doc (`silence-state.ts`), which puts the
 * text under silence for the collaboration server and shows it on every page,
 * and to the audit log. A timer per running procedure settles it at its
 * deadline; `resume` sets them again when the server starts and settles those
 * whose deadline passed while it was down.
 */
/** The audit record's sentence for a silence entry (History and the CSV show it). */
function silenceSummary(action: AuditEntry['action'], detail: Record<string, unknown>): string {
  const revision = typeof detail.revisionName === 'string' ? detail.revisionName : 'the revision';
  const deadline = typeof detail.deadline === 'string' ? detail.deadline.replace('.000Z', 'Z') : '';
  switch (action) {
    case 'silence.started':
      return `${revision} put under silence until ${deadline}.`;
    case 'silence.broken':
      return `Silence on ${revision} broken: ${typeof detail.statement === 'string' ? detail.statement : ''}`;
    case 'silence.held':
      return `Silence on ${revision} held at ${deadline}: ${revision} is the agreed text.`;
    case 'silence.ended': {
      const by = Array.isArray(detail.brokenBy) ? detail.brokenBy.join(', ') : '';
      return by
        ? `Silence on ${revision} ended before ${deadline}; broken by ${by}.`
        : `Silence on ${revision} ended before ${deadline}, unbroken.`;
    }
    default:
      return '';
  }
}

/** Another process owns the draft (issue 24); known by name across module copies. */
function isElsewhere(error: unknown): boolean {
  return error instanceof Error && error.name === 'DraftElsewhereError';
}

export class SilenceProcedures {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  /** Each draft's requests, one after the other: the state written last is the latest. */
  private readonly queue = new DraftQueue();
  private closed = false;

  constructor(
    private readonly stores: Pick<Stores, 'silence' | 'revisions' | 'audit'>,
    private readonly changeDraft: ChangeDraft,
    private readonly now: () => number = Date.now,
  ) {}

  /** Times every running procedure again (at server start); settles those past their deadline. */
  async resume(): Promise<void> {
    for (const procedure of await this.stores.silence.running()) {
      if (procedure.deadline <= this.now()) {
        await this.queue.run(procedure.draftId, () => this.settle(procedure.id));
        continue;
      }
      // The record is the store's: the draft's copy is set from it, in case it lags behind.
      try {
        await this.changeDraft(procedure.draftId, (doc) =>
          writeSilence(doc, stateOf(procedure, null)),
        );
      } catch (error) {
        // Another process owns the draft (issue 24): it keeps the copy; timed here all the same.
        if (!isElsewhere(error)) throw error;
      }
      this.schedule(procedure);
    }
  }

  /**
   * A draft opened on this process: its running procedure is timed here too,
   * whichever process started it (with several processes, issue 24, the one
   * that did may have stopped); settled now if its deadline passed.
   */
  async watch(draftId: string): Promise<void> {
    const latest = await this.stores.silence.latest(draftId);
    if (!latest || latest.outcome !== null || this.timers.has(latest.id)) return;
    if (latest.deadline > this.now()) this.schedule(latest);
    else await this.queue.run(draftId, () => this.settle(latest.id));
  }

  /** Stops the timers and waits for the requests under way. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.queue.idle();
  }

  /** The draft's procedure as its pages see it (null state: never under silence). */
  async state(draftId: string): Promise<SilenceResult> {
    const read = await this.changeDraft(draftId, (doc) => readSilence(doc));
    return read ? { ok: true, state: read.value } : NO_DRAFT;
  }

  start(
    draftId: string,
    request: SilenceStartRequest,
    actor: SilenceActor,
  ): Promise<SilenceResult> {
    return this.queue.run(draftId, async () => {
      const now = this.now();
      if (!(request.deadline > now)) {
        return refused(400, `The deadline must be in the future (it is now ${utc(now)}).`);
      }
      if (request.deadline > now + MAX_SILENCE_DAYS * DAY_MS) {
        return refused(400, `The deadline must be at most ${MAX_SILENCE_DAYS} days ahead.`);
      }
      const revision = await this.stores.revisions.get(draftId, request.revision);
      if (!revision) {
        return refused(
          400,
          `This draft has no ${revisionName(request.revision)}: issue the revision first.`,
        );
      }
      let procedure: SilenceProcedure;
      try {
        procedure = await this.stores.silence.start({
          draftId,
          revision: request.revision,
          startedAt: now,
          deadline: request.deadline,
          startedBy: actor,
        });
      } catch (error) {
        if (error instanceof SilenceRunningError) {
          return refused(409, 'This draft is already under silence: end that procedure first.');
        }
        throw error;
      }
      const state = stateOf(procedure, null);
      await this.changeDraft(draftId, (doc) => writeSilence(doc, state));
      await this.stores.audit.append([
        this.entry(procedure, actor, 'silence.started', now, null, {
          revision: procedure.revision,
          revisionName: state.revisionName,
          symbol: revision.symbol,
          deadline: new Date(procedure.deadline).toISOString(),
        }),
      ]);
      this.schedule(procedure);
      return { ok: true, state };
    });
  }

  breakSilence(
    draftId: string,
    request: SilenceBreakRequest,
    actor: SilenceActor,
  ): Promise<SilenceResult> {
    return this.queue.run(draftId, async () => {
      const now = this.now();
      const latest = await this.stores.silence.latest(draftId);
      if (!latest || latest.outcome !== null || now >= latest.deadline) {
        return refused(409, notRunning(latest, now));
      }
      const recorded = await this.stores.silence.addBreak({
        procedureId: latest.id,
        at: now,
        by: actor,
        paragraphs: request.paragraphs,
        statement: request.statement,
      });
      const procedure = await this.stores.silence.get(latest.id);
      if (!recorded || !procedure) return refused(409, notRunning(procedure, now));
      const state = stateOf(procedure, null);
      await this.changeDraft(draftId, (doc) => writeSilence(doc, state));
      await this.stores.audit.append([
        this.entry(procedure, actor, 'silence.broken', now, request.paragraphs, {
          revision: procedure.revision,
          revisionName: state.revisionName,
          deadline: new Date(procedure.deadline).toISOString(),
          statement: request.statement,
        }),
      ]);
      return { ok: true, state };
    });
  }

  /** The facilitator ends silence before the deadline: 'broken' if broken, else 'ended'. */
  end(draftId: string, actor: SilenceActor): Promise<SilenceResult> {
    return this.queue.run(draftId, async () => {
      const now = this.now();
      const latest = await this.stores.silence.latest(draftId);
      const ended =
        latest && latest.outcome === null
          ? await this.stores.silence.end(latest.id, {
              at: now,
              endedBy: actor.userId,
              ifUnbroken: 'ended',
            })
          : null;
      if (!ended) return refused(409, 'This draft is not under silence.');
      this.unschedule(ended.id);
      const state = stateOf(ended, person(actor));
      await this.changeDraft(draftId, (doc) => writeSilence(doc, state));
      await this.stores.audit.append([
        this.entry(ended, actor, 'silence.ended', now, null, {
          revision: ended.revision,
          revisionName: state.revisionName,
          deadline: new Date(ended.deadline).toISOString(),
          outcome: ended.outcome,
          brokenBy: ended.breaks.map((entry) => entry.by.delegation),
        }),
      ]);
      return { ok: true, state };
    });
  }

  /** At the deadline: 'held' when nobody broke silence, otherwise 'broken'; the draft reopens. */
  private async settle(procedureId: number): Promise<void> {
    const running = await this.stores.silence.get(procedureId);
    if (!running || running.outcome !== null) return;
    // Settled by the process owning the draft (issue 24): this throws DraftElsewhereError elsewhere.
    await this.changeDraft(running.draftId, () => undefined);
    const ended = await this.stores.silence.end(procedureId, {
      at: running.deadline,
      endedBy: null,
      ifUnbroken: 'held',
    });
    if (!ended) return;
    await this.changeDraft(ended.draftId, (doc) => writeSilence(doc, stateOf(ended, null)));
    log.info('silence procedure settled', {
      draft: ended.draftId,
      revision: ended.revision,
      outcome: ended.outcome,
    });
    // Each break is on record already; a silence that held is recorded here.
    if (ended.outcome !== 'held') return;
    const server = { userId: '', name: 'Concord (at the deadline)', delegation: '' };
    await this.stores.audit.append([
      this.entry(ended, server, 'silence.held', this.now(), null, {
        revision: ended.revision,
        revisionName: revisionName(ended.revision),
        deadline: new Date(ended.deadline).toISOString(),
        startedBy: ended.startedBy.delegation,
      }),
    ]);
  }

  private schedule(procedure: SilenceProcedure): void {
    if (this.closed) return;
    this.unschedule(procedure.id);
    const wait = procedure.deadline - this.now();
    const timer = setTimeout(
      () => {
        this.timers.delete(procedure.id);
        if (procedure.deadline > this.now()) {
          this.schedule(procedure);
          return;
        }
        this.queue
          .run(procedure.draftId, () => this.settle(procedure.id))
          .catch((error: unknown) => {
            if (isElsewhere(error)) {
              log.info('silence deadline: the process owning the draft settles it', {
                draft: procedure.draftId,
              });
              return;
            }
            log.error('could not settle a silence procedure', {
              draft: procedure.draftId,
              reason: String(error),
            });
          });
      },
      Math.max(0, Math.min(wait, MAX_TIMER_MS)),
    );
    timer.unref();
    this.timers.set(procedure.id, timer);
  }

  private unschedule(procedureId: number): void {
    clearTimeout(this.timers.get(procedureId));
    this.timers.delete(procedureId);
  }

  private entry(
    procedure: SilenceProcedure,
    actor: SilenceActor,
    action: AuditEntry['action'],
    at: number,
    paragraph: string | null,
    detail: Record<string, unknown>,
  ): AuditEntry {
    return {
      draftId: procedure.draftId,
      at,
      userId: actor.userId,
      userName: actor.name,
      delegation: actor.delegation,
      action,
      suggestionId: null,
      paragraph,
      detail: { ...detail, summary: silenceSummary(action, detail) },
    };
  }

  /** Whether the draft is under silence now (its text may not change, by anyone). */
  async running(draftId: string): Promise<boolean> {
    const latest = await this.stores.silence.latest(draftId);
    return !!latest && latest.outcome === null && this.now() < latest.deadline;
  }
}
