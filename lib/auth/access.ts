import { isDraftId } from '../collab/protocol';
import { AdminInputError } from '../accounts/administration';
import { getStores } from '../db/stores';
import { getCurrentUser } from './current-user';
import { can, type DraftAction, type DraftRole } from './roles';
import type { SignedIn } from './sessions';

/**
 * Access checks for HTTP routes and server actions, in one place; the
 * websocket goes through the same session and role rules (server/auth.ts).
 */

/** A refused request: the status to answer with and a message a person can act on. */
export class AccessError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404,
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

/**
 * Refuses a state-changing request sent from another site (CSRF): browsers
 * send Origin with every POST, PUT, PATCH and DELETE.
 */
export function requireSameOrigin(req: Request): void {
  if (req.method === 'GET' || req.method === 'HEAD') return;
  const origin = req.headers.get('origin');
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  if (!origin || !URL.canParse(origin) || new URL(origin).host !== host) {
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
  throw error;
}

/** Reads a JSON body, answering 400 when it is not JSON or larger than `maxBytes`. */
export async function readJson(req: Request, maxBytes = 64 * 1024): Promise<unknown> {
  // Refuse a declared oversized body before reading it into memory.
  if (Number(req.headers.get('content-length')) > maxBytes) {
    throw new AccessError(400, `The request body exceeds ${maxBytes} bytes.`);
  }
  const text = await req.text();
  if (text.length > maxBytes)
    throw new AccessError(400, `The request body exceeds ${maxBytes} bytes.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new AccessError(400, 'The request body is not valid JSON.');
  }
}
