import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { storeEngines, withRaw, withStores } from '@/server/testing/store-engines';
import { StorageCorruptionError } from './draft-store';

const { engines, cleanup } = await storeEngines();
after(cleanup);

const bytes = (...values: number[]) => new Uint8Array(values);

for (const engine of engines) {
  describe(`draft store on ${engine.name}`, { skip: engine.skip }, () => {
    test('a created draft is listed, with its first update in the log', () =>
      withStores(engine, async ({ drafts }) => {
        const draft = await drafts.createDraft({
          id: 'd-1',
          title: 'Oceans',
          initialUpdate: bytes(1, 2),
        });
        assert.deepEqual(await drafts.getDraft('d-1'), draft);
        assert.deepEqual(
          (await drafts.listDrafts()).map((d) => d.title),
          ['Oceans'],
        );
        const state = await drafts.loadDraftState('d-1');
        assert.deepEqual(
          state?.updates.map((u) => [...u.data]),
          [[1, 2]],
        );
        assert.equal(state?.snapshot, null);
        assert.equal(await drafts.loadDraftState('missing'), null);
        await drafts.renameDraft('d-1', 'Seas');
        assert.equal((await drafts.getDraft('d-1'))?.title, 'Seas');
      }));

    test('appends survive reopening; compaction replaces the log up to a point by a snapshot', async () => {
      const seq = await withStores(engine, async ({ drafts }) => {
        await drafts.createDraft({ id: 'd-2', title: 'Water', initialUpdate: bytes(0) });
        await drafts.appendUpdates('d-2', [bytes(1), bytes(2)]);
        return drafts.appendUpdates('d-2', [bytes(3)]);
      });
      await withStores(engine, async ({ drafts }) => {
        let state = await drafts.loadDraftState('d-2');
        assert.deepEqual(
          state?.updates.map((u) => u.data[0]),
          [0, 1, 2, 3],
        );
        assert.equal(state?.updates.at(-1)?.seq, seq, 'append answers the last sequence number');
        await drafts.compact('d-2', bytes(9, 9), seq - 1);
        await drafts.appendUpdates('d-2', [bytes(4)]);
        state = await drafts.loadDraftState('d-2');
        assert.deepEqual(state?.snapshot && [...state.snapshot.data], [9, 9]);
        assert.deepEqual(
          state?.updates.map((u) => u.data[0]),
          [3, 4],
        );
      });
      const [rows] = await withRaw(engine, (raw) =>
        raw.all("SELECT count(*) AS n FROM draft_updates WHERE draft_id = 'd-2'"),
      );
      assert.equal(rows?.n, 2, 'compacted rows are gone');
    });

    test('a compaction older than the stored snapshot never replaces it (a process that lost the draft)', () =>
      withStores(engine, async ({ drafts }) => {
        await drafts.createDraft({ id: 'd-9', title: 'Stale', initialUpdate: bytes(0) });
        const first = await drafts.appendUpdates('d-9', [bytes(1)]);
        const second = await drafts.appendUpdates('d-9', [bytes(2)]);
        // The new owner compacts up to the second update …
        await drafts.compact('d-9', bytes(8, 8), second);
        // … then the old owner, cut off meanwhile, compacts what it had: up to the first.
        await drafts.compact('d-9', bytes(7), first);
        const state = await drafts.loadDraftState('d-9');
        assert.deepEqual(state?.snapshot && [...state.snapshot.data], [8, 8]);
        assert.equal(state?.snapshot?.uptoSeq, second);
        assert.deepEqual(state?.updates, []);
      }));

    test('the first user to write under a client id keeps it', () =>
      withStores(engine, async ({ drafts }) => {
        await drafts.createDraft({ id: 'd-6', title: 'Claims', initialUpdate: bytes(0) });
        const big = 2 ** 32 - 1; // Yjs client ids are unsigned 32-bit
        await drafts.appendUpdates(
          'd-6',
          [bytes(1)],
          [
            { clientId: 7, userId: 'u-ana' },
            { clientId: big, userId: 'u-ana' },
          ],
        );
        await drafts.appendUpdates(
          'd-6',
          [bytes(2)],
          [
            { clientId: 7, userId: 'u-eve' },
            { clientId: 8, userId: 'u-eve' },
          ],
        );
        assert.deepEqual(
          [...(await drafts.clientOwners('d-6'))].sort(([a], [b]) => a - b),
          [
            [7, 'u-ana'],
            [8, 'u-eve'],
            [big, 'u-ana'],
          ],
        );
      }));

    test('a torn or altered row is reported with the draft and the row, not skipped', async () => {
      const seq = await withStores(engine, async ({ drafts }) => {
        await drafts.createDraft({ id: 'd-3', title: 'Torn', initialUpdate: bytes(1, 2, 3, 4) });
        return drafts.appendUpdates('d-3', [bytes(5, 6, 7, 8)]);
      });
      const alter = (data: number[]) =>
        withRaw(engine, (raw) =>
          raw.all('UPDATE draft_updates SET data = ? WHERE seq = ?', [Buffer.from(data), seq]),
        );
      // A write cut short: the blob lost its tail.
      await alter([5, 6]);
      await withStores(engine, async ({ drafts }) => {
        await assert.rejects(drafts.loadDraftState('d-3'), (error: unknown) => {
          assert.ok(error instanceof StorageCorruptionError);
          assert.equal(error.draftId, 'd-3');
          assert.match(error.message, new RegExp(`update ${seq}.*2 bytes, expected 4`));
          return true;
        });
      });
      // Same length, different bytes.
      await alter([5, 6, 7, 9]);
      await withStores(engine, async ({ drafts }) => {
        await assert.rejects(drafts.loadDraftState('d-3'), /checksum mismatch/);
      });
    });

    test('the writes of several drafts in one turn commit together; a failing one fails alone', () =>
      withStores(engine, async ({ drafts }) => {
        for (const id of ['g-1', 'g-2', 'g-3']) {
          await drafts.createDraft({ id, title: id, initialUpdate: bytes(0) });
        }
        const before = drafts.commitStats?.();
        const seqs = await Promise.all(
          ['g-1', 'g-2', 'g-3'].map((id, i) => drafts.appendUpdates(id, [bytes(i + 1)])),
        );
        const after = drafts.commitStats?.();
        assert.deepEqual(
          {
            commits: (after?.commits ?? 0) - (before?.commits ?? 0),
            writes: (after?.writes ?? 0) - (before?.writes ?? 0),
          },
          { commits: 1, writes: 3 },
          'one commit for the three drafts',
        );
        assert.equal(new Set(seqs).size, 3);
        if (engine.name === 'postgres') {
          // Rows written by one transaction carry its id (xmin): one id, one transaction.
          const [row] = await withRaw(engine, (raw) =>
            raw.all(
              'SELECT count(DISTINCT xmin::text) AS n FROM draft_updates WHERE seq = ANY(?)',
              [seqs],
            ),
          );
          assert.equal(row?.n, 1, 'one PostgreSQL transaction');
        }

        // A draft that does not exist (its updates break the foreign key) in the same turn.
        const results = await Promise.allSettled([
          drafts.appendUpdates('g-1', [bytes(7)]),
          drafts.appendUpdates('no-such-draft', [bytes(7)]),
          drafts.appendUpdates('g-2', [bytes(7)]),
        ]);
        assert.deepEqual(
          results.map((result) => result.status),
          ['fulfilled', 'rejected', 'fulfilled'],
        );
        for (const id of ['g-1', 'g-2']) {
          const state = await drafts.loadDraftState(id);
          assert.equal(state?.updates.at(-1)?.data[0], 7, `${id}'s write is stored`);
        }
      }));
  });
}
