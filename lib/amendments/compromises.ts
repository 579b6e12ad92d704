import type * as Y from 'yjs';
import { draftBodyState } from '../drafts/draft-body';
import { collectAmendments, type PendingAmendment } from './collect';

/**
 * The facilitator's compromise texts (issue 23, item 3). A compromise is an
 * amendment the facilitator proposed (in suggesting mode, as any other) that
 * **supersedes** other delegations' pending amendments on the same passage:
 * they leave the working list (kept, marked superseded, restorable), their
 * delegations are asked to agree or object, and accepting the compromise
 * closes them. Kept in a Y.Map of the draft that only the server writes (the
 * routes check who may do what; clients' writes to it are refused).
 */

/** The Y.Map of the draft holding its compromises, keyed by the compromise's amendment id. */
export const COMPROMISES_FIELD = 'compromises';

export type CompromiseAnswer = 'agree' | 'object';

export interface CompromisePerson {
  name: string;
  delegation: string;
}

export interface CompromiseState {
  /** The compromise's amendment id (a pending amendment of the facilitator's delegation). */
  compromise: string;
  /** The amendments it supersedes. */
  supersedes: string[];
  /** The delegations whose amendments it supersedes: their answers are asked for. */
  asked: string[];
  by: CompromisePerson;
  /** Milliseconds since the epoch. */
  at: number;
  /** Each asked delegation's answer, once given (it may change its mind while the compromise is pending). */
  answers: Record<string, CompromisePerson & { answer: CompromiseAnswer; at: number }>;
}

/** Who acts on a compromise, from the session. */
export interface CompromiseActor extends CompromisePerson {
  userId: string;
}

/** What a compromise request asks: make one (facilitator), answer it, or restore what it superseded. */
export type CompromiseRequest =
  | { kind: 'make'; compromise: string; supersedes: string[] }
  | { kind: 'answer'; compromise: string; answer: CompromiseAnswer }
  | { kind: 'restore'; compromise: string };

/** The most amendments one compromise may supersede. */
export const MAX_SUPERSEDED = 50;

export function compromisesMap(doc: Y.Doc): Y.Map<CompromiseState> {
  return doc.getMap<CompromiseState>(COMPROMISES_FIELD);
}

function isCompromise(value: unknown): value is CompromiseState {
  const state = value as CompromiseState;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof state.compromise === 'string' &&
    Array.isArray(state.supersedes) &&
    Array.isArray(state.asked) &&
    typeof state.answers === 'object'
  );
}

/** Every compromise of the draft. */
export function readCompromises(doc: Y.Doc): CompromiseState[] {
  const found: CompromiseState[] = [];
  compromisesMap(doc).forEach((value) => {
    if (isCompromise(value)) found.push(value);
  });
  return found;
}

/** The amendment ids superseded by a compromise, with the compromise superseding each. */
export function supersededBy(compromises: readonly CompromiseState[]): Map<string, string> {
  const superseded = new Map<string, string>();
  for (const state of compromises) {
    for (const id of state.supersedes) superseded.set(id, state.compromise);
  }
  return superseded;
}

/** A refused compromise request, with a message a person can act on. */
export class CompromiseRefusedError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'CompromiseRefusedError';
  }
}

function pendingById(doc: Y.Doc): Map<string, PendingAmendment> {
  return new Map(
    collectAmendments(draftBodyState(doc).doc).map((amendment) => [
      amendment.suggestionId,
      amendment,
    ]),
  );
}

/**
 * The facilitator makes `compromise` (a pending amendment of their own
 * delegation) supersede `supersedes` (other pending amendments on the same
 * passage: each touches a paragraph the compromise touches).
 */
export function makeCompromise(
  doc: Y.Doc,
  request: { compromise: string; supersedes: readonly string[] },
  by: CompromisePerson,
  at: number,
): CompromiseState {
  const pending = pendingById(doc);
  const compromise = pending.get(request.compromise);
  if (!compromise) {
    throw new CompromiseRefusedError(
      404,
      'The compromise must be a pending amendment of the draft.',
    );
  }
  if (compromise.delegation !== by.delegation) {
    throw new CompromiseRefusedError(
      403,
      'A compromise is an amendment the facilitator proposed: write it in suggesting mode first.',
    );
  }
  const ids = [...new Set(request.supersedes)].filter((id) => id !== request.compromise);
  if (ids.length === 0 || ids.length > MAX_SUPERSEDED) {
    throw new CompromiseRefusedError(
      400,
      `A compromise supersedes 1 to ${MAX_SUPERSEDED} other pending amendments.`,
    );
  }
  const existing = readCompromises(doc);
  if (existing.some((state) => state.compromise === request.compromise)) {
    throw new CompromiseRefusedError(409, 'This amendment is already a compromise.');
  }
  const taken = supersededBy(existing);
  const passage = new Set(compromise.paragraphIds);
  const asked = new Set<string>();
  for (const id of ids) {
    const amendment = pending.get(id);
    if (!amendment) {
      throw new CompromiseRefusedError(409, 'An amendment to supersede is no longer pending.');
    }
    if (taken.has(id) || existing.some((state) => state.compromise === id)) {
      throw new CompromiseRefusedError(
        409,
        `${amendment.delegation}'s amendment in ${amendment.references.join(', ')} is already part of a compromise.`,
      );
    }
    if (!amendment.paragraphIds.some((paragraph) => passage.has(paragraph))) {
      throw new CompromiseRefusedError(
        400,
        `${amendment.delegation}'s amendment in ${amendment.references.join(', ')} is not on the compromise's passage (${compromise.references.join(', ')}).`,
      );
    }
    if (amendment.delegation !== by.delegation) asked.add(amendment.delegation);
  }
  const state: CompromiseState = {
    compromise: request.compromise,
    supersedes: ids,
    asked: [...asked].sort(),
    by,
    at,
    answers: {},
  };
  compromisesMap(doc).set(request.compromise, state);
  return state;
}

/** A delegation whose amendment is superseded agrees to the compromise or objects. */
export function answerCompromise(
  doc: Y.Doc,
  compromise: string,
  answer: CompromiseAnswer,
  by: CompromisePerson,
  at: number,
): CompromiseState {
  const state = compromisesMap(doc).get(compromise);
  if (!isCompromise(state)) throw new CompromiseRefusedError(404, 'There is no such compromise.');
  if (!state.asked.includes(by.delegation)) {
    throw new CompromiseRefusedError(
      403,
      'Only the delegations whose amendments the compromise supersedes answer it.',
    );
  }
  const next: CompromiseState = {
    ...state,
    answers: { ...state.answers, [by.delegation]: { ...by, answer, at } },
  };
  compromisesMap(doc).set(compromise, next);
  return next;
}

/** The facilitator withdraws the compromise's hold: the superseded amendments are back in the list. */
export function restoreCompromise(doc: Y.Doc, compromise: string): CompromiseState {
  const state = compromisesMap(doc).get(compromise);
  if (!isCompromise(state)) throw new CompromiseRefusedError(404, 'There is no such compromise.');
  compromisesMap(doc).delete(compromise);
  return state;
}

/**
 * After decisions: a compromise accepted closes what it superseded (returned,
 * for the server to reject them); one rejected or withdrawn gives them back;
 * superseded amendments decided or withdrawn on their own leave it. Returns
 * the amendment ids to reject.
 */
export function settleCompromises(doc: Y.Doc, accepted: ReadonlySet<string>): string[] {
  const pending = pendingById(doc);
  const close: string[] = [];
  for (const state of readCompromises(doc)) {
    if (accepted.has(state.compromise)) {
      close.push(...state.supersedes.filter((id) => pending.has(id)));
      compromisesMap(doc).delete(state.compromise);
    } else if (!pending.has(state.compromise)) {
      compromisesMap(doc).delete(state.compromise);
    } else if (state.supersedes.some((id) => !pending.has(id))) {
      const supersedes = state.supersedes.filter((id) => pending.has(id));
      if (supersedes.length === 0) compromisesMap(doc).delete(state.compromise);
      else compromisesMap(doc).set(state.compromise, { ...state, supersedes });
    }
  }
  return close;
}
