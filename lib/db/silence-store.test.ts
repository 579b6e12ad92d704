import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { storeEngines, withStores } from '@/server/testing/store-engines';
import { SilenceRunningError } from './silence-store';
import type { Stores } from './stores';

const { engines, cleanup } = await storeEngines();
after(cleanup);

const actor = (delegation: string) => ({
  userId: `u-${delegation}`,
  name: `${delegation} delegate`,
  delegation,
});

const start = (stores: Stores, draftId: string) =>
  stores.silence.start({
    draftId,
    revision: 1,
    startedAt: 1000,
    deadline: 5000,
    startedBy: actor('CUB'),
  });

const statement = (procedureId: number, at: number, delegation = 'RUS') => ({
  procedureId,
  at,
  by: actor(delegation),
  paragraphs: 'OP3',
  statement: 'We cannot join consensus on OP3.',
});

async function createDraft(stores: Stores, id: string): Promise<void> {
  await stores.drafts.createDraft({ id, title: id, initialUpdate: new Uint8Array([0, 0]) });
}

for (const engine of engines) {
  describe(`silence store on ${engine.name}`, { skip: engine.skip }, () => {
    test('one procedure runs per draft; breaks only while it runs and before its deadline; it ends once', () =>
      withStores(engine, async (stores) => {
        await createDraft(stores, 's-1');
        const procedure = await start(stores, 's-1');
        await assert.rejects(start(stores, 's-1'), SilenceRunningError);
        assert.equal(await stores.silence.addBreak(statement(procedure.id, 5000)), null, 'late');
        assert.ok(await stores.silence.addBreak(statement(procedure.id, 2000)));
        const ended = await stores.silence.end(procedure.id, {
          at: 5000,
          endedBy: null,
          ifUnbroken: 'held',
        });
        assert.equal(ended?.outcome, 'broken');
        assert.deepEqual(
          ended?.breaks.map((entry) => entry.by.delegation),
          ['RUS'],
        );
        assert.equal(
          await stores.silence.end(procedure.id, { at: 6000, endedBy: null, ifUnbroken: 'held' }),
          null,
          'ended once',
        );
        assert.equal(await stores.silence.addBreak(statement(procedure.id, 2500)), null, 'ended');
        assert.deepEqual(await stores.silence.running(), []);
        const next = await start(stores, 's-1');
        assert.equal((await stores.silence.latest('s-1'))?.id, next.id);
        assert.deepEqual(
          (await stores.silence.running()).map((running) => running.id),
          [next.id],
        );
      }));

    test('two connections (processes) racing: one start wins; one end wins, and sees every break', async () => {
      const a = engine.open();
      const b = engine.open();
      try {
        for (let round = 0; round < 10; round++) {
          const draftId = `race-${round}`;
          await createDraft(a, draftId);
          const starts = await Promise.allSettled([start(a, draftId), start(b, draftId)]);
          assert.equal(
            starts.filter((result) => result.status === 'fulfilled').length,
            1,
            'one start wins',
          );
          const procedure = (await a.silence.latest(draftId))?.id ?? 0;
          const [breakA, endB, endA] = await Promise.all([
            a.silence.addBreak(statement(procedure, 2000)),
            b.silence.end(procedure, { at: 3000, endedBy: 'u-CUB', ifUnbroken: 'ended' }),
            a.silence.end(procedure, { at: 3000, endedBy: 'u-CUB', ifUnbroken: 'ended' }),
          ]);
          assert.equal([endA, endB].filter(Boolean).length, 1, 'one end wins');
          const ended = endA ?? endB;
          // The break either came first (and the outcome counts it) or was refused.
          assert.equal(ended?.outcome, breakA ? 'broken' : 'ended');
          assert.equal(ended?.breaks.length, breakA ? 1 : 0);
        }
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}
