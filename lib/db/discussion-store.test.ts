import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { storeEngines, withStores } from '@/server/testing/store-engines';

const { engines, cleanup } = await storeEngines();
after(cleanup);

const person = (delegation: string) => ({
  userId: `u-${delegation}`,
  name: `${delegation} delegate`,
  delegation,
});
const PARAGRAPH = { kind: 'paragraph' as const, paragraphId: 'p-op3' };

for (const engine of engines) {
  describe(`discussion store on ${engine.name}`, { skip: engine.skip }, () => {
    test('threads: replies while open, an edit by its author after a time only, resolved once, per draft', () =>
      withStores(engine, async (stores) => {
        for (const id of ['d-1', 'd-2']) {
          await stores.drafts.createDraft({ id, title: id, initialUpdate: new Uint8Array([0, 0]) });
        }
        const { discussion } = stores;
        const started = await discussion.startThread({
          draftId: 'd-1',
          anchor: PARAGRAPH,
          anchorLabel: 'OP3',
          at: 1000,
          by: person('CUB'),
          text: 'First',
        });
        assert.deepEqual(started.anchor, PARAGRAPH);
        assert.equal(started.comments.length, 1);
        const [first] = started.comments;
        assert.ok(first);
        assert.equal(await discussion.thread('d-2', started.id), null, 'not another draft’s');

        const replied = await discussion.reply({
          draftId: 'd-1',
          threadId: started.id,
          at: 2000,
          by: person('NOR'),
          text: 'Second',
        });
        assert.deepEqual(
          replied?.comments.map((comment) => [comment.delegation, comment.text]),
          [
            ['CUB', 'First'],
            ['NOR', 'Second'],
          ],
        );

        const edit = (userId: string, postedSince: number, draftId = 'd-1') =>
          discussion.edit({
            draftId,
            commentId: first.id,
            userId,
            postedSince,
            at: 3000,
            text: 'New',
          });
        assert.equal(await edit('u-NOR', 0), null, 'not by another user');
        assert.equal(await edit('u-CUB', 1001), null, 'not once the time has passed');
        assert.equal(await edit('u-CUB', 0, 'd-2'), null, 'not through another draft');
        const edited = await edit('u-CUB', 1000);
        assert.deepEqual([edited?.comments[0]?.text, edited?.comments[0]?.editedAt], ['New', 3000]);

        const resolve = (by: ReturnType<typeof person> | null) =>
          discussion.setResolved({ draftId: 'd-1', threadId: started.id, at: 4000, by });
        assert.deepEqual((await resolve(person('FAC')))?.resolved, {
          at: 4000,
          name: 'FAC delegate',
          delegation: 'FAC',
        });
        assert.equal(await resolve(person('FAC')), null, 'resolved once');
        assert.equal(
          await discussion.reply({
            draftId: 'd-1',
            threadId: started.id,
            at: 5000,
            by: person('NOR'),
            text: 'Late',
          }),
          null,
          'no reply to a resolved thread',
        );
        assert.equal((await resolve(null))?.resolved, null, 'reopened');
        assert.equal(await resolve(null), null, 'reopened once');
        assert.equal((await discussion.threadOfComment('d-1', first.id))?.id, started.id);
        assert.deepEqual(
          (await discussion.threads('d-1')).map((thread) => thread.id),
          [started.id],
        );

        assert.equal(await discussion.observersMayComment('d-1'), false);
        await discussion.setObserversMayComment('d-1', true);
        assert.equal(await discussion.observersMayComment('d-1'), true);
        assert.equal(await discussion.observersMayComment('d-2'), false);
        await discussion.setObserversMayComment('d-1', false);
        assert.equal(await discussion.observersMayComment('d-1'), false);
      }));
  });
}
