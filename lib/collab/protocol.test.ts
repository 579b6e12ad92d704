import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collabPath, parseCollabPath } from './protocol';

const id = '3bd46412-bf17-432f-8e05-9d7061a04f08';

test('collaboration paths round-trip and reject what is not a draft id', () => {
  assert.equal(parseCollabPath(collabPath(id)), id);
  assert.equal(parseCollabPath('/collab/not-an-id'), null);
  assert.equal(parseCollabPath(`/collab/${id}/extra`), null);
  assert.equal(parseCollabPath('/drafts/x'), undefined);
  assert.equal(parseCollabPath('/collaboration'), undefined);
});
