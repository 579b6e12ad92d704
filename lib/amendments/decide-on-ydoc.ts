import * as Y from 'yjs';
import { draftBodyState, writeDraftBody } from '../drafts/draft-body';
import { collectAmendments, type PendingAmendment } from './collect';
import type {
  DecidedAmendment,
  Decider,
  DecisionReport,
  DecisionRequest,
} from './decision-request';
import { acceptProposals } from './accept-proposals';
import { decideAmendments, reinstateAmendment, ReinstateError } from './decide';
import {
  amendmentEvent,
  amendmentsMap,
  readAmendmentMeta,
  type AmendmentMeta,
  type DecisionOutcome,
  type ReinstatePlan,
} from './model';
import { proposalsMap, readProposals } from './proposals';
import {
  isProposalReinstatePlan,
  proposalReinstatePlans,
  reinstateProposals,
  type ProposalReinstatePlan,
} from './reinstate-proposals';

/**
 * Decisions are made by the server, on its copy of the draft: one facilitator's
 * request is applied whole, in one Yjs transaction, before the next is looked
 * at. Two facilitators deciding the same amendment at once therefore end in
 * one outcome; the later request finds nothing left to do and is recorded as
 * such. Decisions reach the clients as remote changes, so Ctrl+Z never
 * undoes them; "reinstate" does, explicitly, and is recorded too.
 */

/** The transaction origin of decisions on the server's Y.Doc. */
export const DECISION_ORIGIN = 'concord-decision';

const OUTCOME: Record<'accept' | 'reject', DecisionOutcome> = {
  accept: 'accepted',
  reject: 'rejected',
};

function describe(
  id: string,
  amendment: PendingAmendment | undefined,
  delegation: string,
): DecidedAmendment {
  return {
    id,
    delegation: amendment?.delegation ?? delegation,
    kind: amendment?.kind ?? 'unknown',
    references: amendment?.references ?? [],
    oldText: amendment?.oldText ?? '',
    newText: amendment?.newText ?? '',
  };
}

/** Applies one decision request to the draft's Y.Doc. */
export function applyDecision(
  doc: Y.Doc,
  request: DecisionRequest,
  decider: Decider,
  now: Date = new Date(),
): DecisionReport {
  const at = now.toISOString();
  const report: DecisionReport = {
    action: request.action,
    done: [],
    alreadyDecided: [],
    unknown: [],
    failed: [],
    amendments: [],
  };
  const ids = [...new Set(request.ids)];
  const map = amendmentsMap(doc);
  if (proposalsMap(doc).size > 0)
    return applyProposalDecision(doc, request, ids, decider, at, report);

  if (request.action === 'reinstate') {
    for (const id of ids) {
      const meta = readAmendmentMeta(doc, id);
      if (!meta?.decision || !meta.reinstate || isProposalReinstatePlan(meta.reinstate)) {
        if (meta)
          report.failed.push({
            id,
            reason: 'This amendment is pending: there is no decision to reverse.',
          });
        else report.unknown.push(id);
        continue;
      }
      try {
        const state = draftBodyState(doc);
        const tr = reinstateAmendment(state, meta.reinstate);
        const after = state.apply(tr);
        const back = collectAmendments(after.doc).find(
          (amendment) => amendment.suggestionId === id,
        );
        report.amendments.push(describe(id, back, meta.delegation));
        doc.transact(() => {
          writeDraftBody(doc, after.doc);
          const rest: AmendmentMeta = { ...meta };
          delete rest.decision;
          delete rest.reinstate;
          map.set(id, {
            ...rest,
            history: [...meta.history, amendmentEvent('reinstated', decider, at)],
          });
        }, DECISION_ORIGIN);
        report.done.push(id);
      } catch (error) {
        if (!(error instanceof ReinstateError)) throw error;
        report.failed.push({ id, reason: error.message });
      }
    }
    return report;
  }

  const outcome = OUTCOME[request.action];
  const state = draftBodyState(doc);
  const pending = new Map(
    collectAmendments(state.doc).map((amendment) => [amendment.suggestionId, amendment]),
  );
  const { tr, plans } = decideAmendments(state, new Set(ids), outcome);
  doc.transact(() => {
    if (tr.docChanged) writeDraftBody(doc, state.apply(tr).doc);
    for (const id of ids) {
      const meta = readAmendmentMeta(doc, id);
      const plan = plans.get(id);
      if (!plan) {
        if (meta?.decision) {
          recordNoEffect(map, id, meta, outcome, decider, at, alreadyNote(meta), report);
        } else if (meta && pending.has(id)) {
          // Its text was in a paragraph removed by another amendment of this request.
          const note = 'nothing left to decide: it was in a paragraph removed by this decision';
          recordNoEffect(map, id, meta, outcome, decider, at, note, report);
        } else {
          report.unknown.push(id);
        }
        continue;
      }
      const base = recordDecision(map, id, meta, pending, outcome, decider, at, plan);
      report.done.push(id);
      report.amendments.push(describe(id, pending.get(id), base.delegation));
    }
  }, DECISION_ORIGIN);
  return report;
}

/**
 * A decision on a draft whose amendments are objects beside the agreed text
 * (issue 19): accepting writes the chosen proposals into the agreed text in
 * one pass (`acceptProposals`); rejecting only records the decision, so the
 * agreed text is what it was, by construction. A rejection can be reinstated
 * (the proposal shows again where it was made); an acceptance is in the
 * agreed text and is changed there.
 */
function applyProposalDecision(
  doc: Y.Doc,
  request: DecisionRequest,
  ids: readonly string[],
  decider: Decider,
  at: string,
  report: DecisionReport,
): DecisionReport {
  const map = amendmentsMap(doc);
  const pending = new Map(
    collectAmendments(draftBodyState(doc).doc).map((amendment) => [
      amendment.suggestionId,
      amendment,
    ]),
  );
  if (request.action === 'reinstate') {
    const proposed = new Set(readProposals(doc).map((proposal) => proposal.amendment));
    doc.transact(() => {
      for (const id of ids) {
        const meta = readAmendmentMeta(doc, id);
        if (!meta) {
          report.unknown.push(id);
          continue;
        }
        if (!meta.decision) {
          report.failed.push({
            id,
            reason: 'This amendment is pending: there is no decision to reverse.',
          });
          continue;
        }
        if (!proposed.has(id)) {
          // Decided while its draft still held marks: its text went with the decision.
          report.failed.push({
            id,
            reason:
              'This amendment was decided before the draft was converted to the current model, so it cannot be reinstated automatically: propose it again.',
          });
          continue;
        }
        if (meta.decision.outcome === 'accepted') {
          if (!isProposalReinstatePlan(meta.reinstate)) {
            report.failed.push({
              id,
              reason:
                'This amendment is in the agreed text now and there is no record of how to take it out: edit the text or propose an amendment.',
            });
            continue;
          }
          try {
            reinstateProposals(doc, meta.reinstate);
          } catch (error) {
            if (!(error instanceof ReinstateError)) throw error;
            report.failed.push({ id, reason: error.message });
            continue;
          }
        }
        const rest: AmendmentMeta = { ...meta };
        delete rest.decision;
        delete rest.reinstate;
        map.set(id, {
          ...rest,
          history: [...meta.history, amendmentEvent('reinstated', decider, at)],
        });
        report.done.push(id);
      }
    }, DECISION_ORIGIN);
    const back = new Map(
      collectAmendments(draftBodyState(doc).doc).map((amendment) => [
        amendment.suggestionId,
        amendment,
      ]),
    );
    for (const id of report.done) {
      report.amendments.push(
        describe(id, back.get(id), readAmendmentMeta(doc, id)?.delegation ?? ''),
      );
    }
    return report;
  }
  const outcome = OUTCOME[request.action];
  const chosen = new Set(
    ids.filter((id) => pending.has(id) && !readAmendmentMeta(doc, id)?.decision),
  );
  doc.transact(() => {
    let plans = new Map<string, ProposalReinstatePlan>();
    if (outcome === 'accepted' && chosen.size > 0) {
      plans = proposalReinstatePlans(doc, acceptProposals(doc, chosen));
    }
    for (const id of ids) {
      const meta = readAmendmentMeta(doc, id);
      if (!chosen.has(id)) {
        if (meta?.decision) {
          recordNoEffect(map, id, meta, outcome, decider, at, alreadyNote(meta), report);
        } else report.unknown.push(id);
        continue;
      }
      const base = recordDecision(map, id, meta, pending, outcome, decider, at, plans.get(id));
      report.done.push(id);
      report.amendments.push(describe(id, pending.get(id), base.delegation));
    }
  }, DECISION_ORIGIN);
  return report;
}

function alreadyNote(meta: AmendmentMeta): string {
  const decision = meta.decision;
  return decision ? `already ${decision.outcome} by ${decision.delegation} at ${decision.at}` : '';
}

/** A request that found nothing to do for `id`: said in the report and in its history. */
function recordNoEffect(
  map: ReturnType<typeof amendmentsMap>,
  id: string,
  meta: AmendmentMeta,
  outcome: DecisionOutcome,
  decider: Decider,
  at: string,
  note: string,
  report: DecisionReport,
): void {
  report.alreadyDecided.push({ id, note });
  map.set(id, {
    ...meta,
    history: [...meta.history, amendmentEvent(outcome, decider, at, `no effect: ${note}`)],
  });
}

/** Writes the decision into the amendment's record (made if it never arrived); returns the record before. */
function recordDecision(
  map: ReturnType<typeof amendmentsMap>,
  id: string,
  meta: AmendmentMeta | null,
  pending: ReadonlyMap<string, PendingAmendment>,
  outcome: DecisionOutcome,
  decider: Decider,
  at: string,
  reinstate?: ReinstatePlan | ProposalReinstatePlan,
): AmendmentMeta {
  const base: AmendmentMeta = meta ?? {
    delegation: pending.get(id)?.delegation ?? '',
    userId: '',
    name: '',
    createdAt: at,
    history: [],
  };
  map.set(id, {
    ...base,
    decision: {
      outcome,
      userId: decider.userId,
      name: decider.name,
      delegation: decider.delegation,
      at,
    },
    ...(reinstate ? { reinstate } : {}),
    history: [...base.history, amendmentEvent(outcome, decider, at)],
  });
  return base;
}
