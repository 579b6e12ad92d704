import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientRooms, committeeTypists, roomOfClient } from './client-rooms';

test('drafts take the clients in blocks, so that one draft signs in as different delegations', () => {
  const target = { rooms: clientRooms(['a', 'b', 'c'], 4) };
  const rooms = Array.from({ length: 12 }, (_, i) => roomOfClient(target, i));
  assert.deepEqual(rooms, ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', 'c', 'c', 'c']);
  // Sessions go round robin over 20 users: the 4 clients of draft b are users 4–7.
  const users = rooms.flatMap((room, i) => (room === 'b' ? [i % 20] : []));
  assert.deepEqual(users, [4, 5, 6, 7]);
});

test('with one draft every client is in it, also the joiners and the churn beyond the first N', () => {
  const target = { rooms: clientRooms(['only'], 10) };
  for (const index of [0, 9, 10, 10_000, 2_000_123])
    assert.equal(roomOfClient(target, index), 'only');
});

test('the typists are the first K of each draft, spread over the client processes', () => {
  const typists = committeeTypists(3, 8, 4);
  assert.deepEqual(typists, [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19]);
  const processes = 2;
  const perProcess = [0, 1].map((p) => typists.filter((i) => i % processes === p).length);
  assert.deepEqual(perProcess, [6, 6]);
  assert.deepEqual(committeeTypists(2, 3, 5), [0, 1, 2, 3, 4, 5]);
});
