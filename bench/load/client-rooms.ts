/**
 * Which draft each client of a load is in, and which server process it
 * connects to. Drafts take the clients in blocks (client i in draft
 * ⌊i / perDraft⌋), so that the clients of one draft sign in as different
 * delegations (sessions go round robin over the users) and, since client i
 * lives in client process i % P, are spread over the processes.
 */

/**
 * The room of every client of `draftIds.length × perDraft` clients: client i is
 * in `rooms[i % rooms.length]` (see `roomOfClient`), so with one draft every
 * index, also the joiners' and the churn's, is in it.
 */
export function clientRooms(draftIds: readonly string[], perDraft: number): string[] {
  if (draftIds.length === 0) throw new Error('no drafts to put clients in');
  return draftIds.flatMap((id) => Array.from({ length: perDraft }, () => id));
}

/** The room client `index` connects to. */
export function roomOfClient(target: { rooms: readonly string[] }, index: number): string {
  const room = target.rooms[index % target.rooms.length];
  if (room === undefined) throw new Error('a target without rooms');
  return room;
}

/** The websocket URL of client `index`: its `server`'s, else the servers' in turn by index. */
export function urlOfClient(
  target: { urls: readonly string[] },
  index: number,
  server?: number,
): string {
  const url = target.urls[(server ?? index) % target.urls.length];
  if (url === undefined) throw new Error('a target without a server');
  return url;
}

/**
 * The typists of a committee: the first `typing` clients of each draft's
 * block. Consecutive indices, so they spread over the client processes as the
 * listeners do.
 */
export function committeeTypists(drafts: number, perDraft: number, typing: number): number[] {
  const count = Math.min(typing, perDraft);
  return Array.from({ length: drafts }, (_, d) =>
    Array.from({ length: count }, (_, k) => d * perDraft + k),
  ).flat();
}

/**
 * The server process (0…servers-1) of each client in `indices`, when several
 * serve the drafts: in each draft its typists take the processes in turn, then
 * its other clients go on taking them in turn, so that both are split evenly
 * whatever indices the typists have (every tenth client, in `typing`).
 * `turns` counts each room's clients so far, and is updated: clients connected
 * later (joiners) go on from there.
 */
export function serverOfClients(
  target: { rooms: readonly string[] },
  indices: readonly number[],
  typists: readonly number[],
  servers: number,
  turns = new Map<string, number>(),
): Map<number, number> {
  const typing = new Set(typists);
  const ordered = [...indices].sort(
    (a, b) => Number(typing.has(b)) - Number(typing.has(a)) || a - b,
  );
  const server = new Map<number, number>();
  for (const index of ordered) {
    const room = roomOfClient(target, index);
    const n = turns.get(room) ?? 0;
    server.set(index, n % servers);
    turns.set(room, n + 1);
  }
  return server;
}
