import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientRooms, committeeTypists, roomOfClient, serverOfClients } from './client-rooms';

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

test('with two server processes, the typists and the others of each draft are split evenly', () => {
  const perServer = (server: Map<number, number>, indices: number[]) =>
    [0, 1].map((s) => indices.filter((i) => server.get(i) === s).length);
  // typing: 200 clients in one draft, every tenth typing.
  const one = { rooms: clientRooms(['only'], 200) };
  const all = Array.from({ length: 200 }, (_, i) => i);
  const typists = Array.from({ length: 20 }, (_, i) => i * 10);
  const typing = serverOfClients(one, all, typists, 2);
  assert.deepEqual(perServer(typing, typists), [10, 10]);
  assert.deepEqual(perServer(typing, all), [100, 100]);
  // committee: 3 drafts of 8, the first 4 of each typing.
  const committee = { rooms: clientRooms(['a', 'b', 'c'], 8) };
  const clients = Array.from({ length: 24 }, (_, i) => i);
  const server = serverOfClients(committee, clients, committeeTypists(3, 8, 4), 2);
  for (const draft of [0, 1, 2]) {
    const inDraft = clients.slice(draft * 8, draft * 8 + 8);
    assert.deepEqual(perServer(server, inDraft.slice(0, 4)), [2, 2]);
    assert.deepEqual(perServer(server, inDraft), [4, 4]);
  }
  assert.deepEqual([...serverOfClients(one, [5, 6], [], 1).values()], [0, 0]);
  // Joiners one at a time go on taking the servers in turn.
  const turns = new Map<string, number>();
  const joiners = [300, 301, 302, 303].map((i) => serverOfClients(one, [i], [], 2, turns).get(i));
  assert.deepEqual(joiners, [0, 1, 0, 1]);
});
