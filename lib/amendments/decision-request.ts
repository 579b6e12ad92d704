import { z } from 'zod';
import { isId } from '../schema/new-id';

/** What a facilitator's decision request holds, and what it answers (shared by route and server). */

export const DECISION_ACTIONS = ['accept', 'reject', 'reinstate'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** At most this many amendments per request (a draft with thousands is decided in batches). */
export const MAX_DECISION_IDS = 5000;

export const decisionRequestSchema = z.object({
  action: z.enum(DECISION_ACTIONS),
  ids: z.array(z.string().refine(isId, 'an amendment id')).min(1).max(MAX_DECISION_IDS),
});
export type DecisionRequest = z.infer<typeof decisionRequestSchema>;

/** Who decides: from the session. */
export interface Decider {
  userId: string;
  name: string;
  delegation: string;
}

export interface DecisionReport {
  action: DecisionAction;
  /** Decided (or reinstated) by this request. */
  done: string[];
  /** Nothing left to do: already decided, e.g. by another facilitator a moment before. */
  alreadyDecided: { id: string; note: string }[];
  /** Not found in the draft. */
  unknown: string[];
  /** Could not be reinstated, with why. */
  failed: { id: string; reason: string }[];
  /** What each amendment in `done` was, for the record. */
  amendments: DecidedAmendment[];
}

export interface DecidedAmendment {
  id: string;
  /** The delegation that proposed it. */
  delegation: string;
  kind: string;
  references: string[];
  oldText: string;
  newText: string;
}
