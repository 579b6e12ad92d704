import { env } from '../env';
import type { DraftStore } from './draft-store';
import { SqliteDraftStore } from './sqlite-draft-store';

const KEY = Symbol.for('concord.draftStore');
type Holder = { [KEY]?: DraftStore };

/**
 * The process-wide store at `DATABASE_PATH`. Kept on `globalThis` so the
 * collaboration server and the Next.js bundle, which load separate copies of
 * this module, share one connection.
 */
export function getDraftStore(): DraftStore {
  const holder = globalThis as Holder;
  holder[KEY] ??= SqliteDraftStore.open(env.DATABASE_PATH);
  return holder[KEY];
}
