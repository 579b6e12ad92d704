import { AMENDMENTS_FIELD } from '../amendments/model';
import { isId } from '../schema/new-id';

/**
 * The wire contract between the browser and the collaboration server.
 * Both sides import these constants; no string literals for them elsewhere.
 */

/** Websocket endpoint prefix; a draft's socket lives at `${COLLAB_PATH}/<draftId>`. */
export const COLLAB_PATH = '/collab';

/** Name of the Y.XmlFragment holding the resolution body. */
export const BODY_FIELD = 'body';

/** Name of the Y.Map holding the header (symbol, session, sponsors, title…). */
export const HEADER_FIELD = 'header';

/**
 * Name of the Y.Map of settings the server fixes when a draft is made or
 * converted on load (never written by clients): `amendmentModel`.
 */
export const SETTINGS_FIELD = 'settings';

/** How a draft stores amendments: marks inside its text (before issue 19), or proposal objects. */
export type AmendmentModel = 'marks' | 'objects';

/** The Y.Map of proposal objects of a draft whose amendments are objects. */
export { PROPOSALS_FIELD } from '../amendments/proposals';

/** Every top-level field of a draft's Y.Doc; an update touching another is refused. */
export const DOC_FIELDS: ReadonlySet<string> = new Set([
  BODY_FIELD,
  HEADER_FIELD,
  AMENDMENTS_FIELD,
]);

/** Prefix of the browser's IndexedDB copies of drafts (deleted on sign-out). */
export const LOCAL_CACHE_PREFIX = 'concord-draft-';

/**
 * Name of the browser's IndexedDB copy of a draft, which keeps unsent edits
 * across reloads. One per user: edits one user left unsent are never sent
 * under another user's session from the same browser.
 */
export function localCacheName(draftId: string, userId: string): string {
  return `${LOCAL_CACHE_PREFIX}${userId}-${draftId}`;
}

/** Top-level y-websocket message types (first varUint of every message). */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  /**
   * Server → client: a change from this connection was refused (`varString`
   * reason follows). Nothing of it was stored or relayed, nor will anything
   * built on it be: the client drops its copy and syncs a fresh one from the
   * server, on the same connection.
   */
  Refused: 4,
} as const;

/** After this many refused changes on one connection, it is closed (ChangeRefused). */
export const MAX_REFUSALS_PER_CONNECTION = 20;

/**
 * Websocket close codes used by the collaboration server.
 * 4000–4999 are application codes; 1009 is the standard "message too big".
 */
export const CloseCode = {
  /** A message exceeded the server's size limit. */
  MessageTooBig: 1009,
  /** The message could not be decoded or has an unknown type. */
  BadMessage: 4400,
  /** The session expired, was signed out or revoked, or its user was removed. */
  SessionEnded: 4401,
  /** The delegation's role on the draft was withdrawn. */
  AccessWithdrawn: 4403,
  /** A read-only connection (an observer's) sent a change; nothing of it was kept. */
  ReadOnly: 4405,
  /** The delegation's role on the draft changed; reload to work in the new role. */
  RoleChanged: 4409,
  /** Too many refused changes on one connection (each was answered with a Refused message). */
  ChangeRefused: 4422,
  /** The connection flooded the draft with presence (cursor moves), far past its budget. */
  TooMuchPresence: 4429,
  /** The page was built for an older document schema (a deploy happened): reload it. */
  SchemaOutdated: 4426,
  /** The draft does not exist. */
  DraftNotFound: 4404,
  /** The server could not load or store the draft; the client may retry later. */
  StorageError: 4500,
  /** The server is shutting down; the client should reconnect. */
  ServerShutdown: 4503,
} as const;

/**
 * Close reason (with StorageError) when changes could not be saved (disk full,
 * database read-only or locked): nothing of them was relayed; the client keeps
 * them and sends them again when it reconnects.
 */
export const UNSAVED_REASON = 'changes could not be saved';

/**
 * Close codes after which reconnecting cannot help: the client stops and tells
 * the user. Every other close is followed by a reconnect with back-off.
 */
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.BadMessage,
  CloseCode.SessionEnded,
  CloseCode.AccessWithdrawn,
  CloseCode.DraftNotFound,
  CloseCode.ReadOnly,
  CloseCode.ChangeRefused,
  CloseCode.RoleChanged,
  CloseCode.SchemaOutdated,
  CloseCode.MessageTooBig,
  CloseCode.TooMuchPresence,
]);

/**
 * What the server stamps on every awareness state as `user`: never what the
 * client claims. Sent with every cursor move of everyone, so it holds only
 * what other pages show (the delegation's code, not its full name).
 */
export interface AwarenessUser {
  name: string;
  /** Delegation code, e.g. `CUB`. */
  delegation: string;
  color: string;
  role: string;
}

/** True when `value` has the shape of a draft id (a lower-case UUID, as `newId` makes). */
export function isDraftId(value: string): boolean {
  return isId(value);
}

/** The websocket path of a draft. */
export function collabPath(draftId: string): string {
  return `${COLLAB_PATH}/${draftId}`;
}

/**
 * The draft id in a websocket request path, `undefined` when the path is not a
 * collaboration path, or `null` when it is one but names no valid draft id.
 */
export function parseCollabPath(pathname: string): string | null | undefined {
  if (!pathname.startsWith(`${COLLAB_PATH}/`)) return undefined;
  const rest = pathname.slice(COLLAB_PATH.length + 1);
  return isDraftId(rest) ? rest : null;
}
