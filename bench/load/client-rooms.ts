/**
 * Which draft each client of a load is in. Drafts take the clients in blocks
 * (client i in draft ⌊i / perDraft⌋), so that the clients of one draft sign in
 * as different delegations (sessions go round robin over the users) and, since
 * client i lives in client process i % P, are spread over the processes.
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
