import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { tempDatabasePath } from '../testing/temp-database';
import type { AuditEntry } from './audit-store';
import { openSqliteStores } from './stores';

const temp = tempDatabasePath();
after(temp.cleanup);

function entry(
  draftId: string,
  n: number,
  action: AuditEntry['action'] = 'amendment.accepted',
): AuditEntry {
  return {
    draftId,
    at: 1_800_000_000_000 + n,
    userId: 'u-cub',
    userName: 'Ana Pérez',
    delegation: 'CUB',
    action,
    suggestionId: `00000000-0000-4000-8000-00000000000${n}`,
    paragraph: `OP${n}`,
    detail: {
      proposedBy: 'FRA',
      kind: 'replacement',
      oldText: 'report, "annual"',
      newText: 'study',
    },
  };
}

async function storesWithDrafts(...ids: string[]) {
  const stores = openSqliteStores(temp.file);
  for (const id of ids) {
    await stores.drafts.createDraft({ id, title: id, initialUpdate: new Uint8Array([0, 0]) });
  }
  return stores;
}

test('entries are appended in order, chained per draft, and verify as intact', async () => {
  const stores = await storesWithDrafts('a-1', 'a-2');
  try {
    const first = await stores.audit.append([entry('a-1', 1), entry('a-2', 1)]);
    const second = await stores.audit.append([entry('a-1', 2, 'amendment.reinstated')]);
    assert.equal(second[0]?.prevHash, first[0]?.hash, 'chained to the draft’s previous row');
    assert.notEqual(first[1]?.prevHash, first[0]?.hash, 'each draft has its own chain');
    const listed = await stores.audit.list('a-1');
    assert.deepEqual(
      listed.map((record) => [record.action, record.paragraph, record.detail.oldText]),
      [
        ['amendment.accepted', 'OP1', 'report, "annual"'],
        ['amendment.reinstated', 'OP2', 'report, "annual"'],
      ],
    );
    assert.deepEqual(await stores.audit.verify('a-1'), { ok: true, rows: 2 });
    assert.deepEqual(await stores.audit.verify('nothing'), { ok: true, rows: 0 });
  } finally {
    stores.close();
  }
});

test('Concord cannot update or delete a row; a change behind its back is detected', async () => {
  const stores = await storesWithDrafts('t-1');
  try {
    await stores.audit.append([entry('t-1', 1), entry('t-1', 2), entry('t-1', 3)]);
  } finally {
    stores.close();
  }
  const db = new BetterSqlite3(temp.file);
  try {
    assert.throws(
      () => db.prepare("UPDATE audit_log SET delegation = 'USA' WHERE draft_id = 't-1'").run(),
      /append-only/,
    );
    assert.throws(
      () => db.prepare("DELETE FROM audit_log WHERE draft_id = 't-1'").run(),
      /append-only/,
    );
    // Someone with the file drops the guard and rewrites who decided row 2.
    db.exec('DROP TRIGGER audit_log_no_update');
    const [, second] = db
      .prepare<[], { seq: number }>("SELECT seq FROM audit_log WHERE draft_id = 't-1' ORDER BY seq")
      .all();
    db.prepare("UPDATE audit_log SET delegation = 'USA' WHERE seq = ?").run(second?.seq);
  } finally {
    db.close();
  }
  const reopened = openSqliteStores(temp.file);
  try {
    const result = await reopened.audit.verify('t-1');
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    const rows = await reopened.audit.list('t-1');
    assert.equal(result.seq, rows[1]?.seq);
    assert.match(result.reason, /does not match its hash/);
  } finally {
    reopened.close();
  }
});

test('a removed row breaks the chain at the row after it', async () => {
  const stores = await storesWithDrafts('r-1');
  try {
    await stores.audit.append([entry('r-1', 1), entry('r-1', 2), entry('r-1', 3)]);
  } finally {
    stores.close();
  }
  const db = new BetterSqlite3(temp.file);
  let third = 0;
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_delete');
    const rows = db
      .prepare<[], { seq: number }>("SELECT seq FROM audit_log WHERE draft_id = 'r-1' ORDER BY seq")
      .all();
    third = rows[2]?.seq ?? 0;
    db.prepare('DELETE FROM audit_log WHERE seq = ?').run(rows[1]?.seq);
  } finally {
    db.close();
  }
  const reopened = openSqliteStores(temp.file);
  try {
    const result = await reopened.audit.verify('r-1');
    assert.ok(!result.ok);
    assert.equal(result.seq, third);
    assert.match(result.reason, /does not follow/);
  } finally {
    reopened.close();
  }
});
