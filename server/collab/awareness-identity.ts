import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { AwarenessUser } from '@/lib/collab/protocol';
import { MAX_PRESENCE_STATE_BYTES, presenceStateProblem } from '@/lib/collab/presence-state';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

/** Whether a state's JSON is `null` (the client left). */
function isNull(raw: Uint8Array): boolean {
  return raw.length === NULL.length && NULL.every((byte, i) => raw[i] === byte);
}

/** Thrown for an awareness update that does not decode. */
export class BadAwarenessError extends Error {
  override name = 'BadAwarenessError';
}

/**
 * Rewrites an awareness update (y-protocols' encoding: count, then per client
 * its id, clock and JSON state) so that every state's `user` is `user`, the
 * identity the server holds for the sender. Entries `accept` turns down are
 * dropped before their JSON is read: the stock provider sends back every
 * other client's state it receives, so most entries are echoes the room
 * already holds, and reading them is the cost. A state that is too long, has
 * a field pages do not set or a cursor that is not a pair of relative
 * positions (`presence-state.ts`) is dropped too, and `dropped` told why: every
 * peer's page would otherwise draw it. Returns null when nothing is left.
 */
export function stampAwarenessUpdate(
  update: Uint8Array,
  user: AwarenessUser,
  accept: (clientId: number, clock: number, removal: boolean) => boolean,
  dropped: (clientId: number, reason: string) => void = () => undefined,
): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const encoder = encoding.createEncoder();
  const kept: { clientId: number; clock: number; state: string }[] = [];
  try {
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const raw = decoding.readVarUint8Array(decoder);
      if (!accept(clientId, clock, isNull(raw))) continue;
      if (raw.length > MAX_PRESENCE_STATE_BYTES) {
        dropped(
          clientId,
          `a presence state of ${raw.length} bytes (at most ${MAX_PRESENCE_STATE_BYTES})`,
        );
        continue;
      }
      const state: unknown = JSON.parse(utf8.decode(raw));
      if (state === null) {
        kept.push({ clientId, clock, state: 'null' });
        continue;
      }
      if (typeof state !== 'object' || Array.isArray(state)) {
        throw new BadAwarenessError('an awareness state must be an object or null');
      }
      const problem = presenceStateProblem(state);
      if (problem) {
        dropped(clientId, problem);
        continue;
      }
      kept.push({ clientId, clock, state: JSON.stringify({ ...state, user }) });
    }
  } catch (error) {
    if (error instanceof BadAwarenessError) throw error;
    throw new BadAwarenessError(`awareness update does not decode: ${String(error)}`);
  }
  if (kept.length === 0) return null;
  encoding.writeVarUint(encoder, kept.length);
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}
