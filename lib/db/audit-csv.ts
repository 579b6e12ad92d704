import type { AuditRecord } from './audit-store';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line
 * break. Text a delegate typed that starts like a spreadsheet formula (=, +,
 * -, @, tab) gets a leading apostrophe, so that opening the file in a
 * spreadsheet shows it instead of running it.
 */
function field(value: unknown): string {
  const raw = value === null || value === undefined ? '' : String(value);
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const COLUMNS = [
  'seq',
  'time',
  'delegation',
  'user',
  'action',
  'amendment',
  'proposed by',
  'kind',
  'paragraph',
  'old text',
  'new text',
  'status from',
  'status to',
  'details',
  'hash',
] as const;

/** The audit record of a draft as CSV, one row per entry in the order given, with a header line. */
export function auditCsv(records: readonly AuditRecord[]): string {
  const lines = [COLUMNS.join(',')];
  for (const record of records) {
    lines.push(
      [
        record.seq,
        new Date(record.at).toISOString(),
        record.delegation,
        record.userName,
        record.action,
        record.suggestionId,
        record.detail.proposedBy,
        record.detail.kind,
        record.paragraph,
        record.detail.oldText,
        record.detail.newText,
        // Only 'paragraph.status' rows have these; null (no status) is left empty.
        record.detail.from,
        record.detail.to,
        // Rounds (revisions, silence): what happened, in words.
        record.detail.summary,
        record.hash,
      ]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
