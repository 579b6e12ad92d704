import assert from 'node:assert/strict';
import { test } from 'node:test';
import { precedentChange } from './precedent-change';

/** The draft with the change made. */
function applied(draft: string, precedent: string): string {
  const change = precedentChange(draft, precedent);
  assert.ok(change, 'a change');
  return draft.slice(0, change.from) + change.insert + draft.slice(change.to);
}

test('a changed word: only that word is replaced, at word boundaries', () => {
  const draft = 'Urges all actors on the world scene to build an order;';
  const precedent = 'Urges all actors on the international scene to build an order;';
  assert.deepEqual(precedentChange(draft, precedent), {
    from: draft.indexOf('world'),
    to: draft.indexOf('world') + 'world'.length,
    insert: 'international',
  });
});

test("the draft's opener and closing punctuation are kept", () => {
  assert.equal(
    applied(
      'Recalling also its resolution 70/1 of 25 September 2015 on development,',
      'Recalling its resolution 70/1 of 25 September 2015, entitled “Transforming our world”;',
    ),
    'Recalling also its resolution 70/1 of 25 September 2015, entitled “Transforming our world”,',
  );
  assert.equal(
    applied(
      'Further requests the Secretary-General to report.',
      'Requests the Secretary-General to report to it;',
    ),
    'Further requests the Secretary-General to report to it.',
  );
});

test('the same words (opener and punctuation aside): no change', () => {
  assert.equal(
    precedentChange('Recalling also its resolution 77/222,', 'Recalling its resolution 77/222;'),
    null,
  );
});
