import { getDraftService, type DraftService } from '../collab/draft-service';
import { isDraftId } from '../collab/protocol';
import { AdminInputError } from '../accounts/administration';
import { getStores } from '../db/stores';
import { env } from '../env';
import { SchemaViolationError } from '../schema/read-yjs';
import { getCurrentUser } from './current-user';
import { can, type DraftAction, type DraftRole } from './roles';
import type { SignedIn } from './sessions';
import { isSiteOrigin, siteOrigin } from './site-origin';

/**
 * Access checks for HTTP routes and server actions, in one place; the
 * websocket goes through the same session and role rules (server/auth.ts).
 */

/** A refused request: the status to answer with and a message a person can act on. */
export class AccessError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'AccessError';
  }
}

export async function requireSignedIn(): Promise<SignedIn> {
  const signedIn = await getCurrentUser();
  if (!signedIn) throw new AccessError(401, 'Sign in first: your session has ended or is missing.');
  return signedIn;
}

export function requireSecretariat(signedIn: SignedIn): void {
  if (!signedIn.user.isSecretariat) {
    throw new AccessError(403, 'Only the Secretariat administers delegations, users and roles.');
  }
}

/**
 * The role of the user's delegation on the draft, if it allows `action`.
 * A draft the delegation has no role on answers 404, as if it did not exist.
 */
export async function requireDraftRole(
  signedIn: SignedIn,
  draftId: string,
  action: DraftAction,
): Promise<DraftRole> {
  const role = isDraftId(draftId)
    ? await getStores().accounts.getRole(draftId, signedIn.user.delegation.code)
    : null;
  if (role === null) throw new AccessError(404, 'There is no such draft for your delegation.');
  if (!can(role, action)) {
    throw new AccessError(403, `As ${role} on this draft, your delegation may not do this.`);
  }
  return role;
}

/** This site's origin for a request handled by Next.js, configured as the HTTP server is. */
export function requestSiteOrigin(headers: Pick<Headers, 'get'>): string | null {
  return siteOrigin((name) => headers.get(name), {
    publicUrl: env.PUBLIC_URL,
    trustProxy: env.TRUST_PROXY,
  });
}

/**
 * Refuses a state-changing request sent from another site (CSRF): browsers
 * send Origin with every POST, PUT, PATCH and DELETE, and it must be this
 * site's exact origin (scheme, host and port; see `siteOrigin`).
 */
export function requireSameOrigin(req: Request): void {
  if (req.method === 'GET' || req.method === 'HEAD') return;
  if (!isSiteOrigin(req.headers.get('origin'), requestSiteOrigin(req.headers))) {
    throw new AccessError(403, 'Cross-site request refused: send it from Concord itself.');
  }
}

/** Answers a refused or invalid request with its status and `{ error }`; rethrows the rest. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AccessError) {
    return Response.json({ error: error.message }, { status: error.status });
  }
  if (error instanceof AdminInputError) {
    return Response.json({ error: error.message }, { status: 400 });
  }
  // Thrown by the collaboration server's module copy: known by name, not by class.
  if (error instanceof Error && error.name === 'UnderSilenceError') {
    return Response.json({ error: error.message }, { status: 409 });
  }
  if (error instanceof Error && error.name === 'DraftElsewhereError') {
    return Response.json(
      { error: error.message },
      { status: 503, headers: { 'retry-after': '2' } },
    );
  }
  if (error instanceof Error && error.name === 'CompromiseRefusedError' && 'status' in error) {
    return Response.json({ error: error.message }, { status: Number(error.status) || 409 });
  }
  if (error instanceof SchemaViolationError) {
    // Stored before the server checked every change against the schema; nothing was changed.
    return Response.json(
      {
        error: `This draft holds text Concord cannot read (${error.message}); nothing was changed. Ask the Secretariat to repair the draft.`,
      },
      { status: 409 },
    );
  }
  throw error;
}

/**
 * Reads a request body of at most `maxBytes`, counting while it streams in:
 * past the limit it stops reading and answers 413, so a large chunked body
 * is never held in memory.
 */
export async function readBody(req: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () =>
    new AccessError(413, `The request body is larger than ${maxBytes} bytes: send less.`);
  // A declared oversized body is refused before reading any of it.
  if (Number(req.headers.get('content-length')) > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(read.value);
    }
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Reads a JSON body, answering 413 when larger than `maxBytes` and 400 when not JSON. */
export async function readJson(req: Request, maxBytes = 64 * 1024): Promise<unknown> {
  const text = new TextDecoder().decode(await readBody(req, maxBytes));
  try {
    return JSON.parse(text);
  } catch {
    throw new AccessError(400, 'The request body is not valid JSON.');
  }
}

/**
 * The collaboration server's service for changes to a live draft; a 503 that
 * says how to start Concord when this process does not run it (`next dev`).
 */
export function requireDraftService(): DraftService {
  const service = getDraftService();
  if (!service) {
    throw new AccessError(
      503,
      'The collaboration server is not running in this process; start Concord with npm start.',
    );
  }
  return service;
}
