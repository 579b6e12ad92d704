import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditDelegations, auditParagraphs, matchesAuditFilter } from './audit-filter';
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

test('a decision concerns the deciding and the proposing delegation; a move both paragraphs', () => {
  const decision = record({ paragraph: 'OP15 → OP13 ter' });
  assert.deepEqual(auditDelegations(decision), ['CUB', 'FRA']);
  assert.deepEqual(auditParagraphs(decision), ['OP15', 'OP13 ter']);
  assert.deepEqual(auditDelegations(record({ delegation: 'FRA' })), ['FRA']);
  assert.deepEqual(auditParagraphs(record({ paragraph: null })), []);
});

test('filters combine; an absent field matches everything', () => {
  const decision = record({ paragraph: 'OP15 → OP13 ter' });
  assert.equal(matchesAuditFilter(decision, {}), true);
  assert.equal(matchesAuditFilter(decision, { delegation: 'FRA', paragraph: 'OP13 ter' }), true);
  assert.equal(matchesAuditFilter(decision, { delegation: 'CUB' }), true);
  assert.equal(matchesAuditFilter(decision, { delegation: 'KEN' }), false);
  assert.equal(matchesAuditFilter(decision, { paragraph: 'OP13' }), false, 'whole references');
  assert.equal(matchesAuditFilter(decision, { action: 'amendment.rejected' }), false);
  const status = record({ action: 'paragraph.status', detail: { from: null, to: 'agreed' } });
  assert.equal(matchesAuditFilter(status, { delegation: 'FRA' }), false);
  assert.equal(matchesAuditFilter(status, { action: 'paragraph.status' }), true);
});
