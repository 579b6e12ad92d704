import type {
  CompromiseActor,
  CompromiseRequest,
  CompromiseState,
} from '../amendments/compromises';
import type { Decider, DecisionReport, DecisionRequest } from '../amendments/decision-request';
import type { IssueReport, IssueRequest } from '../revisions/issue-revision';
import type { RevisionIssuer } from '../revisions/revision';
import type { SilenceActor } from '../db/silence-store';
import type { SilenceResult } from './silence-state';
import type { DiscussionAnchor, DiscussionResult, ThreadState } from './discussion-state';
import type { DiscussionMember } from './discussion-member';
import type { Position, PositionResult } from '../amendments/positions';

/**
 * What the collaboration server offers the web app's routes in the same
 * process: changes made by the server on a draft's live document. The route
 * code is bundled by Next.js apart from the server's modules, so the two meet
 * on `globalThis`, like the stores.
 */
export interface DraftService {
  /** null: no such draft. */
  decide(
    draftId: string,
    request: DecisionRequest,
    decider: Decider,
  ): Promise<DecisionReport | null>;
  /** Issues the draft's next revision (issue 22); null: no such draft. */
  issueRevision(
    draftId: string,
    request: IssueRequest,
    issuer: RevisionIssuer,
  ): Promise<IssueReport | null>;
  /** The draft's silence procedure as its pages see it (issue 22). */
  silenceState(draftId: string): Promise<SilenceResult>;
  /** Puts a revision of the draft under silence until `deadline` (ms since the epoch). */
  startSilence(
    draftId: string,
    request: { revision: number; deadline: number },
    actor: SilenceActor,
  ): Promise<SilenceResult>;
  /** A delegation breaks silence in writing. */
  breakSilence(
    draftId: string,
    request: { paragraphs: string; statement: string },
    actor: SilenceActor,
  ): Promise<SilenceResult>;
  /** The facilitator ends silence before its deadline. */
  endSilence(draftId: string, actor: SilenceActor): Promise<SilenceResult>;
  /** The draft's discussion threads as its pages see them (issue 23); null: no such draft. */
  discussionThreads(draftId: string): Promise<ThreadState[] | null>;
  /** Starts a thread on a paragraph or a pending proposal with its first comment. */
  startThread(
    draftId: string,
    request: { anchor: DiscussionAnchor; text: string },
    member: DiscussionMember,
  ): Promise<DiscussionResult>;
  replyToThread(
    draftId: string,
    request: { threadId: number; text: string },
    member: DiscussionMember,
  ): Promise<DiscussionResult>;
  /** Its author edits a comment, within ten minutes of posting it. */
  editComment(
    draftId: string,
    request: { commentId: number; text: string },
    member: DiscussionMember,
  ): Promise<DiscussionResult>;
  /** The facilitator or the thread's author resolves or reopens it. */
  resolveThread(
    draftId: string,
    request: { threadId: number; resolved: boolean },
    member: DiscussionMember,
  ): Promise<DiscussionResult>;
  /** The facilitator lets observers comment on the draft, or stops them. */
  setObserversMayComment(
    draftId: string,
    allowed: boolean,
    member: DiscussionMember,
  ): Promise<DiscussionResult>;
  /** The session's delegation supports or objects to another's pending amendment (issue 23). */
  takePosition(
    draftId: string,
    amendmentId: string,
    position: Position,
    actor: SilenceActor,
  ): Promise<PositionResult>;
  /** The session's delegation withdraws its position on an amendment. */
  withdrawPosition(
    draftId: string,
    amendmentId: string,
    actor: SilenceActor,
  ): Promise<PositionResult>;
  /**
   * A compromise made, answered or restored (issue 23); null: no such draft.
   * Refusals throw `CompromiseRefusedError`.
   */
  compromise(
    draftId: string,
    request: CompromiseRequest,
    actor: CompromiseActor,
  ): Promise<CompromiseState | null>;
}

/** The draft is under silence: its text is not changed, not even by a decision or a revision. */
export class UnderSilenceError extends Error {
  constructor() {
    super(
      'The draft is under silence: nothing in its text can change until the silence procedure ends.',
    );
    this.name = 'UnderSilenceError';
  }
}

/**
 * Several processes (issue 24): another process owns the draft right now (it
 * took it between this process's look and its change). The client tries again.
 */
export class DraftElsewhereError extends Error {
  constructor(readonly draftId: string) {
    super(
      'Another Concord process is serving this draft at this moment: try again in a few seconds.',
    );
    this.name = 'DraftElsewhereError';
  }
}

const KEY = Symbol.for('concord.draftService');

export function registerDraftService(service: DraftService | null): void {
  (globalThis as Record<symbol, unknown>)[KEY] = service;
}

/** The running collaboration server's service; null under `next dev` without it. */
export function getDraftService(): DraftService | null {
  const service = (globalThis as Record<symbol, unknown>)[KEY];
  return service ? (service as DraftService) : null;
}
