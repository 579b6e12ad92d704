/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs types its nested types with YEvent<any>. */
import * as Y from 'yjs';
import { AMENDMENTS_FIELD, type AmendmentMeta } from '@/lib/amendments/model';
import { BODY_FIELD, HEADER_FIELD } from '@/lib/collab/protocol';

/** A change the sender's role does not allow: not stored, not relayed; the sender is told why. */
export class ChangeRefusedError extends Error {
  override readonly name = 'ChangeRefusedError';
}

/** Who sent the update, from the session. */
export interface Sender {
  userId: string;
  delegation: string;
}

/** The name of the top-level field a (possibly nested) type belongs to. */
function fieldOf(type: Y.AbstractType<Y.YEvent<any>>): string | null {
  let current: Y.AbstractType<Y.YEvent<any>> = type;
  while (current._item?.parent instanceof Y.AbstractType) current = current._item.parent;
  return Y.findRootTypeKey(current);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function record(value: unknown): Partial<AmendmentMeta> | null {
  return typeof value === 'object' && value !== null ? (value as Partial<AmendmentMeta>) : null;
}

/**
 * Checks a sponsor's update, applied to `shadow` (a copy of the draft) while
 * `before` still holds the draft as it was. Looks only at what the update
 * changed (`transaction.changed`). Refuses, with a reason the sender can act on:
 * - any change of the header (the facilitator's);
 * - amendment records (`amendments`) written in another delegation's or user's
 *   name, another delegation's record changed or removed, or a decision written.
 * The text itself is checked in a later step (issue 6): not here yet.
 */
export function checkSponsorUpdate(
  before: Y.Doc,
  shadow: Y.Doc,
  update: Uint8Array,
  sender: Sender,
): void {
  const changed = new Map<Y.AbstractType<Y.YEvent<any>>, Set<string | null>>();
  const collect = (transaction: Y.Transaction) => {
    for (const [type, keys] of transaction.changed) {
      const known = changed.get(type) ?? new Set();
      for (const key of keys) known.add(key);
      changed.set(type, known);
    }
  };
  // Root types must exist with their own class before the update: Yjs would otherwise make a
  // generic one, replaced (and no longer found) when it is first asked for as a map.
  shadow.getXmlFragment(BODY_FIELD);
  shadow.getMap(HEADER_FIELD);
  shadow.getMap(AMENDMENTS_FIELD);
  before.getMap(AMENDMENTS_FIELD);
  shadow.on('afterTransaction', collect);
  try {
    Y.applyUpdate(shadow, update);
  } finally {
    shadow.off('afterTransaction', collect);
  }
  const previous = before.getMap<unknown>(AMENDMENTS_FIELD);
  const next = shadow.getMap<unknown>(AMENDMENTS_FIELD);
  for (const [type, keys] of changed) {
    const field = fieldOf(type);
    if (field === HEADER_FIELD) {
      throw new ChangeRefusedError('the header is changed by the facilitator only');
    }
    if (field !== AMENDMENTS_FIELD) continue;
    if (type !== (next as unknown)) throw new ChangeRefusedError('amendment records are flat');
    for (const key of keys) {
      if (key === null) continue;
      const old = record(previous.get(key));
      const now = record(next.get(key));
      if (old && old.delegation !== sender.delegation) {
        throw new ChangeRefusedError(
          `the amendment record of ${String(old.delegation)} is not yours to change`,
        );
      }
      if (!now) continue;
      if (now.delegation !== sender.delegation) {
        throw new ChangeRefusedError(
          `an amendment cannot be made in the name of ${String(now.delegation)}`,
        );
      }
      if (!old && now.userId !== sender.userId) {
        throw new ChangeRefusedError('an amendment cannot be made in another user’s name');
      }
      if (old && now.userId !== old.userId) {
        throw new ChangeRefusedError('the author of an amendment cannot be changed');
      }
      if (!sameValue(old?.decision, now.decision) || !sameValue(old?.reinstate, now.reinstate)) {
        throw new ChangeRefusedError('decisions on amendments are the facilitator’s');
      }
    }
  }
}
