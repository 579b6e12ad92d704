import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { storeEngines, withRaw, withStores } from '@/server/testing/store-engines';
import { seededRandom } from '../testing/seeded-random';
import type { AuditEntry } from './audit-store';
import type { Stores } from './stores';

const { engines, cleanup } = await storeEngines();
after(cleanup);

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

async function createDrafts(stores: Stores, ...ids: string[]): Promise<void> {
  for (const id of ids) {
    await stores.drafts.createDraft({ id, title: id, initialUpdate: new Uint8Array([0, 0]) });
  }
}

for (const engine of engines) {
  describe(`audit store on ${engine.name}`, { skip: engine.skip }, () => {
    test('entries are appended in order, chained per draft, and verify as intact', () =>
      withStores(engine, async (stores) => {
        await createDrafts(stores, 'a-1', 'a-2');
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
        assert.deepEqual(
          listed.map((record) => record.seq),
          [first[0]?.seq, second[0]?.seq],
          'append answers the stored sequence numbers',
        );
        assert.deepEqual(await stores.audit.verify('a-1'), { ok: true, rows: 2 });
        assert.deepEqual(await stores.audit.verify('nothing'), { ok: true, rows: 0 });
      }));

    test('the database refuses to update or delete a row; a change behind its back is detected', async () => {
      await withStores(engine, async (stores) => {
        await createDrafts(stores, 't-1');
        await stores.audit.append([entry('t-1', 1), entry('t-1', 2), entry('t-1', 3)]);
      });
      await withRaw(engine, async (raw) => {
        await assert.rejects(
          raw.all("UPDATE audit_log SET delegation = 'USA' WHERE draft_id = 't-1'"),
          /append-only/,
        );
        await assert.rejects(
          raw.all("DELETE FROM audit_log WHERE draft_id = 't-1'"),
          /append-only/,
        );
        // Someone with the database drops the guard and rewrites who decided row 2.
        await raw.all(
          engine.name === 'sqlite'
            ? 'DROP TRIGGER audit_log_no_update'
            : 'DROP TRIGGER audit_log_no_update ON audit_log',
        );
        const [, second] = await raw.all(
          "SELECT seq FROM audit_log WHERE draft_id = 't-1' ORDER BY seq",
        );
        await raw.all("UPDATE audit_log SET delegation = 'USA' WHERE seq = ?", [second?.seq]);
      });
      await withStores(engine, async (stores) => {
        const result = await stores.audit.verify('t-1');
        assert.ok(!result.ok);
        const rows = await stores.audit.list('t-1');
        assert.equal(result.seq, rows[1]?.seq);
        assert.match(result.reason, /does not match its hash/);
      });
    });

    test('a removed row breaks the chain at the row after it', async () => {
      await withStores(engine, async (stores) => {
        await createDrafts(stores, 'r-1');
        await stores.audit.append([entry('r-1', 1), entry('r-1', 2), entry('r-1', 3)]);
      });
      const third = await withRaw(engine, async (raw) => {
        await raw.all(
          engine.name === 'sqlite'
            ? 'DROP TRIGGER IF EXISTS audit_log_no_delete'
            : 'DROP TRIGGER IF EXISTS audit_log_no_delete ON audit_log',
        );
        const rows = await raw.all("SELECT seq FROM audit_log WHERE draft_id = 'r-1' ORDER BY seq");
        await raw.all('DELETE FROM audit_log WHERE seq = ?', [rows[1]?.seq]);
        return rows[2]?.seq;
      });
      await withStores(engine, async (stores) => {
        const result = await stores.audit.verify('r-1');
        assert.ok(!result.ok);
        assert.equal(result.seq, third);
        assert.match(result.reason, /does not follow/);
      });
    });

    test('several connections (processes) appending to one draft at once lose no row and keep one chain', async () => {
      // Two stores with their own connections, as two server processes; each appends batches
      // in a seeded random order and size, all at once.
      const a = engine.open();
      const b = engine.open();
      try {
        await createDrafts(a, 'c-1');
        const random = seededRandom(24);
        let n = 0;
        const appends: Promise<unknown>[] = [];
        for (let round = 0; round < 40; round++) {
          const store = random() < 0.5 ? a : b;
          const batch = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
            entry('c-1', ++n),
          );
          appends.push(store.audit.append(batch));
        }
        await Promise.all(appends);
        assert.deepEqual(await a.audit.verify('c-1'), { ok: true, rows: n });
        const stored = await b.audit.list('c-1');
        assert.deepEqual(
          new Set(stored.map((record) => record.paragraph)),
          new Set(Array.from({ length: n }, (_, i) => `OP${i + 1}`)),
          'every entry is stored once',
        );
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}
