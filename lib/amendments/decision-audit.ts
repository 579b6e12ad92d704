import type { AuditAction, AuditEntry } from '../db/audit-store';
import type { Decider, DecisionReport } from './decision-request';

const ACTIONS: Record<DecisionReport['action'], AuditAction> = {
  accept: 'amendment.accepted',
  reject: 'amendment.rejected',
  reinstate: 'amendment.reinstated',
};

/** The audit rows of a decision: one per amendment it decided, with the text concerned. */
export function decisionAuditEntries(
  draftId: string,
  report: DecisionReport,
  decider: Decider,
  at: number,
): AuditEntry[] {
  return report.amendments.map((amendment) => ({
    draftId,
    at,
    userId: decider.userId,
    userName: decider.name,
    delegation: decider.delegation,
    action: ACTIONS[report.action],
    suggestionId: amendment.id,
    paragraph: amendment.references.join(' → ') || null,
    detail: {
      proposedBy: amendment.delegation,
      kind: amendment.kind,
      oldText: amendment.oldText,
      newText: amendment.newText,
    },
  }));
}
