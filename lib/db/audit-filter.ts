import type { AuditAction, AuditRecord } from './audit-store';

/** What the history of a draft is filtered by (the view and its route); an absent field: any. */
export interface AuditFilter {
  /** A delegation that acted, or that proposed the amendment concerned. */
  delegation?: string;
  /** One paragraph reference as recorded, e.g. "OP5" or "OP13 ter". */
  paragraph?: string;
  action?: AuditAction;
}

type Filtered = Pick<AuditRecord, 'delegation' | 'action' | 'paragraph' | 'detail'>;

/** The paragraph references of a record: a move ("OP15 → OP13 ter") concerns both. */
export function auditParagraphs(record: Pick<AuditRecord, 'paragraph'>): string[] {
  return record.paragraph ? record.paragraph.split(' → ') : [];
}

/** The delegations a record concerns: the one that acted and the amendment's proposer. */
export function auditDelegations(record: Pick<AuditRecord, 'delegation' | 'detail'>): string[] {
  const { proposedBy } = record.detail;
  return typeof proposedBy === 'string' && proposedBy !== record.delegation
    ? [record.delegation, proposedBy]
    : [record.delegation];
}

export function matchesAuditFilter(record: Filtered, filter: AuditFilter): boolean {
  return (
    (!filter.delegation || auditDelegations(record).includes(filter.delegation)) &&
    (!filter.paragraph || auditParagraphs(record).includes(filter.paragraph)) &&
    (!filter.action || record.action === filter.action)
  );
}
