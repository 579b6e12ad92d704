/**
 * The append-only record of what happened to a draft's amendments (proposed,
 * withdrawn, accepted, rejected, reinstated), to its paragraphs' statuses, and
 * to its rounds (revisions issued, silence procedures and their outcome),
 * by whom, when, on which paragraph, with the text. Each row carries a hash
 * chained to the previous row of its draft.
 */

export const AUDIT_ACTIONS = [
  'amendment.proposed',
  'amendment.withdrawn',
  'amendment.accepted',
  'amendment.rejected',
  'amendment.reinstated',
  'paragraph.status',
  'revision.issued',
  'silence.started',
  'silence.broken',
  'silence.held',
  'silence.ended',
  'proposal.supported',
  'proposal.objected',
  'proposal.position-withdrawn',
  'whatif.exported',
  'comment.posted',
  'comment.edited',
  'thread.resolved',
  'thread.reopened',
  'compromise.made',
  'compromise.answered',
  'compromise.restored',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** How the history view names each action. */
export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  'amendment.proposed': 'Amendment proposed',
  'amendment.withdrawn': 'Amendment withdrawn',
  'amendment.accepted': 'Amendment accepted',
  'amendment.rejected': 'Amendment rejected',
  'amendment.reinstated': 'Amendment reinstated',
  'paragraph.status': 'Paragraph status changed',
  'revision.issued': 'Revision issued',
  'silence.started': 'Silence procedure started',
  'silence.broken': 'Silence broken',
  'silence.held': 'Silence held',
  'silence.ended': 'Silence procedure ended early',
  'proposal.supported': 'Proposal supported',
  'proposal.objected': 'Objection to a proposal',
  'proposal.position-withdrawn': 'Support or objection withdrawn',
  'whatif.exported': 'What-if text exported',
  'comment.posted': 'Comment posted',
  'comment.edited': 'Comment edited',
  'thread.resolved': 'Discussion thread resolved',
  'thread.reopened': 'Discussion thread reopened',
  'compromise.made': 'Compromise made',
  'compromise.answered': 'Compromise answered',
  'compromise.restored': 'Superseded amendments restored',
};

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/** What is recorded. */
export interface AuditEntry {
  draftId: string;
  /** Milliseconds since the epoch. */
  at: number;
  userId: string;
  userName: string;
  /** The delegation of the user who acted. */
  delegation: string;
  action: AuditAction;
  suggestionId: string | null;
  /** Paragraph references, e.g. "OP5" or "OP15 → OP13 ter". */
  paragraph: string | null;
  /** The text concerned and the amendment's own delegation and kind (JSON). */
  detail: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

export type AuditVerification =
  { ok: true; rows: number } | { ok: false; rows: number; seq: number; reason: string };

export interface AuditStore {
  /** Appends entries (all of one draft) in one durable transaction. */
  append(entries: readonly AuditEntry[]): Promise<AuditRecord[]>;
  list(draftId: string): Promise<AuditRecord[]>;
  /** Recomputes the hash chain of a draft's rows. */
  verify(draftId: string): Promise<AuditVerification>;
}

/** The hash before a draft's first row. */
export const GENESIS_HASH = '0'.repeat(64);
