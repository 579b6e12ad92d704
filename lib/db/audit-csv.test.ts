import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditCsv } from './audit-csv';
import type { AuditRecord } from './audit-store';

function record(overrides: Partial<AuditRecord>): AuditRecord {
  return {
    seq: 1,
    draftId: 'd',
    at: 1_800_000_000_000,
    userId: 'u-cub',
    userName: 'Ana Pérez',
    delegation: 'CUB',
    action: 'amendment.accepted',
    suggestionId: '00000000-0000-4000-8000-000000000001',
    paragraph: 'OP5',
    detail: { proposedBy: 'FRA', kind: 'replacement', oldText: 'a', newText: 'b' },
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
    ...overrides,
  };
}

test('the CSV has a status from/to column, empty for amendments and for no status', () => {
  const csv = auditCsv([
    record({}),
    record({ seq: 2, action: 'paragraph.status', detail: { from: null, to: 'agreed' } }),
  ]).split('\r\n');
  assert.match(csv[0] ?? '', /,old text,new text,status from,status to,details,hash$/);
  assert.match(csv[1] ?? '', /,OP5,a,b,,,,f{64}$/);
  assert.match(csv[2] ?? '', /,paragraph\.status,[^,]+,,,OP5,,,,agreed,,f{64}$/);
});

test('text that looks like a spreadsheet formula is not run when the CSV is opened', () => {
  const csv = auditCsv([
    record({
      detail: { proposedBy: 'FRA', kind: 'insertion', oldText: '', newText: '=HYPERLINK("x")' },
    }),
  ]).split('\r\n');
  assert.match(csv[1] ?? '', /,"'=HYPERLINK\(""x""\)",,,,f{64}$/);
});
