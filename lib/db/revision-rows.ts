import type { Revision, RevisionContent, RevisionSummary } from '../revisions/revision';
import { StorageCorruptionError } from './draft-store';

/** A row of `draft_revisions` as every engine reads it (`content` left out of listings). */
export interface RevisionRow {
  draft_id: string;
  number: number;
  name: string;
  symbol: string;
  issued_at: number;
  user_id: string;
  user_name: string;
  delegation: string;
  note: string;
  content?: string;
}

/** The columns of `draft_revisions` in the order `revisionValues` gives them. */
export const REVISION_COLUMNS =
  'draft_id, number, name, symbol, issued_at, user_id, user_name, delegation, note, content';

/** The values of a revision's row, in the order of `REVISION_COLUMNS`. */
export function revisionValues(revision: Revision): unknown[] {
  return [
    revision.draftId,
    revision.number,
    revision.name,
    revision.symbol,
    revision.issuedAt,
    revision.issuedBy.userId,
    revision.issuedBy.name,
    revision.issuedBy.delegation,
    revision.note,
    JSON.stringify(revision.content),
  ];
}

/** A revision without its text, as listed. */
export function toRevisionSummary(row: RevisionRow): RevisionSummary {
  return {
    draftId: row.draft_id,
    number: row.number,
    name: row.name,
    symbol: row.symbol,
    issuedAt: row.issued_at,
    issuedBy: { userId: row.user_id, name: row.user_name, delegation: row.delegation },
    note: row.note,
  };
}

/** A revision with its text; `StorageCorruptionError` when the stored text is not JSON. */
export function toRevision(row: RevisionRow): Revision {
  let content: RevisionContent;
  try {
    content = JSON.parse(row.content ?? '') as RevisionContent;
  } catch (error) {
    throw new StorageCorruptionError(row.draft_id, `revision ${row.number}`, String(error));
  }
  return { ...toRevisionSummary(row), content };
}

/** What `add` answers: the revision without its text. */
export function summaryOf(revision: Revision): RevisionSummary {
  const { draftId, number, name, symbol, issuedAt, issuedBy, note } = revision;
  return { draftId, number, name, symbol, issuedAt, issuedBy, note };
}
