import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { storeEngines, withStores } from '@/server/testing/store-engines';

const { engines, cleanup } = await storeEngines();
after(cleanup);

const by = (delegation: string) => ({
  userId: `u-${delegation}`,
  name: `${delegation} delegate`,
  delegation,
});
const AMENDMENT = '00000000-0000-4000-8000-000000000001';

for (const engine of engines) {
  describe(`position store on ${engine.name}`, { skip: engine.skip }, () => {
    test('one position per delegation and amendment: a new one replaces it, a withdrawal removes it', () =>
      withStores(engine, async (stores) => {
        await stores.drafts.createDraft({
          id: 'p-1',
          title: 'p',
          initialUpdate: new Uint8Array([0, 0]),
        });
        const take = (delegation: string, position: 'support' | 'object', at: number) =>
          stores.positions.take({
            draftId: 'p-1',
            amendmentId: AMENDMENT,
            position,
            by: by(delegation),
            at,
          });
        assert.equal(await take('EU', 'support', 1), null);
        assert.equal(await take('CAN', 'support', 2), null);
        assert.equal(await take('RUS', 'support', 3), null);
        assert.equal(
          await take('RUS', 'object', 4),
          'support',
          'the objection replaces the support',
        );
        const listed = await stores.positions.list('p-1', AMENDMENT);
        assert.deepEqual(
          listed.map(({ delegation, position, at, userName }) => [
            delegation,
            position,
            at,
            userName,
          ]),
          [
            ['EU', 'support', 1, 'EU delegate'],
            ['CAN', 'support', 2, 'CAN delegate'],
            ['RUS', 'object', 4, 'RUS delegate'],
          ],
        );
        assert.equal(await stores.positions.withdraw('p-1', AMENDMENT, 'RUS'), 'object');
        assert.equal(
          await stores.positions.withdraw('p-1', AMENDMENT, 'RUS'),
          null,
          'nothing left',
        );
        assert.deepEqual(
          (await stores.positions.list('p-1', AMENDMENT)).map((entry) => entry.delegation),
          ['EU', 'CAN'],
        );
        assert.deepEqual(await stores.positions.list('p-1', 'another'), []);
      }));
  });
}
