import type { IncomingMessage } from 'node:http';
import { parse as parseCookies } from 'cookie';
import { CloseCode } from '@/lib/collab/protocol';
import type { AuthContext } from '@/lib/auth/auth-context';
import { can, type DraftRole } from '@/lib/auth/roles';
import { resolveSession } from '@/lib/auth/sessions';
import { readSessionClaims } from '@/lib/auth/session-cookie';
import {
  isSiteOrigin,
  nodeHeaderReader,
  siteOrigin,
  type SiteOriginOptions,
} from '@/lib/auth/site-origin';
import type { User } from '@/lib/db/account-store';

/** Who is on the other end of a collaboration websocket, as the server established it. */
export interface CollabPrincipal {
  sessionId: string;
  user: User;
  role: DraftRole;
}

export type UpgradeDecision =
  { ok: true; principal: CollabPrincipal } | { ok: false; status: 401 | 403; message: string };

export type RecheckDecision = { ok: true } | { ok: false; code: number; reason: string };

/**
 * Decides who may open a draft's websocket, before the upgrade: a valid
 * session (401 otherwise) whose delegation holds a role on the draft (403
 * otherwise, whether or not the draft exists). Open connections are checked
 * again periodically, so revocation takes effect without a reconnect.
 */
export class CollabAuthenticator {
  constructor(
    private readonly context: AuthContext,
    private readonly origins: SiteOriginOptions,
  ) {}

  async authenticate(req: IncomingMessage, draftId: string): Promise<UpgradeDecision> {
    // A page of another site must not open a socket with the user's cookies.
    // (A client without Origin is no browser page: its cookies are its own.)
    const origin = req.headers.origin;
    const site = siteOrigin(nodeHeaderReader(req.headers), this.origins);
    if (origin !== undefined && !isSiteOrigin(origin, site)) {
      return { ok: false, status: 403, message: 'cross-site websocket refused' };
    }
    const claims = await readSessionClaims(parseCookies(req.headers.cookie ?? ''), this.context);
    const signedIn = claims
      ? await resolveSession(this.context.accounts, this.context.policy, claims.sid)
      : null;
    if (!signedIn) return { ok: false, status: 401, message: 'sign in first' };
    const role = await this.context.accounts.getRole(draftId, signedIn.user.delegation.code);
    if (role === null || !can(role, 'view')) {
      return { ok: false, status: 403, message: 'your delegation has no role on this draft' };
    }
    return { ok: true, principal: { sessionId: signedIn.session.id, user: signedIn.user, role } };
  }

  /** Whether an open connection may stay open: its session is live and its role unchanged. */
  async recheck(principal: CollabPrincipal, draftId: string): Promise<RecheckDecision> {
    const signedIn = await resolveSession(
      this.context.accounts,
      this.context.policy,
      principal.sessionId,
    );
    if (!signedIn) {
      return { ok: false, code: CloseCode.SessionEnded, reason: 'session ended' };
    }
    const role = await this.context.accounts.getRole(draftId, signedIn.user.delegation.code);
    if (role === null) {
      return { ok: false, code: CloseCode.AccessWithdrawn, reason: 'role withdrawn' };
    }
    if (role !== principal.role) {
      return { ok: false, code: CloseCode.RoleChanged, reason: `role changed to ${role}` };
    }
    return { ok: true };
  }
}
