import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuthContext } from '@/lib/auth/auth-context';
import { usesSecureCookies } from '@/lib/auth/auth-secret';
import {
  isSiteOrigin,
  nodeHeaderReader,
  siteOrigin,
  type SiteOriginOptions,
} from '@/lib/auth/site-origin';
import type { Stores } from '@/lib/db/stores';
import type { Env } from '@/lib/env';
import { CollabAuthenticator } from './auth';
import { CollabServer } from './collab/collab-server';
import { runCompromise } from './collab/compromises';
import { SilenceProcedures } from './collab/silence';
import { Discussions } from './collab/discussion';
import { ProposalPositions } from './collab/positions';
import { settleCompromises } from '@/lib/amendments/compromises';
import { applyDecision } from '@/lib/amendments/decide-on-ydoc';
import { decisionAuditEntries } from '@/lib/amendments/decision-audit';
import { registerDraftService, UnderSilenceError } from '@/lib/collab/draft-service';
import { issueRevision } from '@/lib/revisions/issue-revision';
import { closeRedis, getRedis } from '@/lib/cluster/redis';
import { DraftLeases, newMember, type ClusterMember } from './cluster/draft-leases';
import { FORWARDED_BY, forwardRequest } from './cluster/forward';
import { log } from './log';
import { projectRoot } from './project-root';
import { newNonce, securityHeaders } from './security-headers';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

const FORWARDED_HEADERS = [
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
] as const;

/**
 * Unless a trusted proxy sets them, X-Forwarded-* headers come from the client
 * and could fake its address (sign-in rate limits) or host: drop them, so
 * Next.js fills them in from the socket.
 */
function dropForwardedHeaders(req: http.IncomingMessage): void {
  for (const name of FORWARDED_HEADERS) delete req.headers[name];
}

const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The draft a request of the draft's own API is about (`/api/drafts/<id>/…`), else null. */
function draftOfRequest(pathname: string): string | null {
  const match = /^\/api\/drafts\/([^/]+)\/./.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/**
 * Several processes (issue 24): the leases of the drafts, when `REDIS_URL` is
 * set; null for one process. `member.url` is filled in once the port is known.
 */
function clusterLeases(config: Env, onLost: (draftId: string) => void): DraftLeases | null {
  const redis = getRedis();
  if (!redis) return null;
  if (!config.DATABASE_URL) {
    throw new Error(
      'REDIS_URL is set but DATABASE_URL is not: several Concord processes share one PostgreSQL database (set DATABASE_URL=postgres://…), never a SQLite file.',
    );
  }
  return new DraftLeases(redis, newMember(''), {
    ttlMs: config.CLUSTER_LEASE_MS,
    keyPrefix: config.CLUSTER_KEY_PREFIX,
    onLost,
  });
}

/** Where the other processes reach this one (see CLUSTER_INTERNAL_URL). */
function internalUrl(config: Env, port: number): string {
  if (config.CLUSTER_INTERNAL_URL) return config.CLUSTER_INTERNAL_URL.replace(/\/+$/, '');
  const wildcard = ['0.0.0.0', '::', '127.0.0.1', 'localhost', '::1'].includes(config.HOST);
  const host = wildcard
    ? '127.0.0.1'
    : config.HOST.includes(':')
      ? `[${config.HOST}]`
      : config.HOST;
  return `http://${host}:${port}`;
}

/**
 * A state-changing request that a page of another origin sent: refused here
 * for every route and server action alike (Next.js compares the host alone,
 * so https://host passed on the http site). A request without Origin is
 * not a browser's cross-site one; the JSON routes insist on it themselves.
 */
function isCrossSiteWrite(req: http.IncomingMessage, site: string | null): boolean {
  return (
    !READ_ONLY_METHODS.has(req.method ?? 'GET') &&
    req.headers.origin !== undefined &&
    !isSiteOrigin(req.headers.origin, site)
  );
}

/**
 * next-auth (v4) reads its origin from the environment: the public address
 * when configured, otherwise the Host header of each request (which is the
 * only server in front of the app, or a proxy we trust).
 */
function configureNextAuthOrigin(config: Env): void {
  if (config.PUBLIC_URL) process.env.NEXTAUTH_URL = config.PUBLIC_URL;
  else process.env.AUTH_TRUST_HOST = 'true';
}

/**
 * Serves the web app (unless `web` is false) and the collaboration websocket
 * on one port.
 */
export async function startServer(
  config: Env,
  stores: Stores,
  options: { web: boolean },
): Promise<RunningServer> {
  const auth = await createAuthContext(stores.accounts, config);
  const origins: SiteOriginOptions = {
    publicUrl: config.PUBLIC_URL,
    trustProxy: config.TRUST_PROXY,
  };
  // Set just below; a lease is lost only once drafts are open, long after.
  let leaseLost = (_draftId: string): void => undefined;
  const leases = clusterLeases(config, (draftId) => leaseLost(draftId));
  const collab = new CollabServer(stores.drafts, new CollabAuthenticator(auth, origins), {
    maxMessageBytes: config.COLLAB_MAX_MESSAGE_BYTES,
    maxBufferedBytes: config.COLLAB_MAX_BUFFERED_BYTES,
    releaseAfterMs: config.COLLAB_ROOM_RELEASE_MS,
    busyHoldMs: config.COLLAB_BUSY_RELAY_MS,
    busyPresenceMs: config.COLLAB_BUSY_PRESENCE_MS,
    compactAfterUpdates: config.COLLAB_COMPACT_AFTER_UPDATES,
    audit: stores.audit,
    authRecheckMs: config.COLLAB_AUTH_RECHECK_MS,
    leases: leases ?? undefined,
    onOpened: (draftId) => {
      silence.watch(draftId).catch((error: unknown) =>
        log.error('could not time the silence of a draft', {
          draft: draftId,
          reason: String(error),
        }),
      );
    },
  });
  leaseLost = (draftId) => collab.leaseLost(draftId);

  const silence = new SilenceProcedures(stores, (id, change) => collab.changeDraft(id, change));
  await silence.resume();
  const discussion = new Discussions(stores, (id, change) => collab.changeDraft(id, change));
  const positions = new ProposalPositions(stores, (id, change) => collab.changeDraft(id, change));

  registerDraftService({
    async decide(draftId, request, decider) {
      if (await silence.running(draftId)) throw new UnderSilenceError();
      const result = await collab.changeDraft(draftId, (doc) => {
        const report = applyDecision(doc, request, decider);
        // An accepted compromise closes the amendments it superseded, in the same transaction.
        const close = settleCompromises(
          doc,
          new Set(request.action === 'accept' ? report.done : []),
        );
        const closed =
          close.length > 0 ? applyDecision(doc, { action: 'reject', ids: close }, decider) : null;
        return { report, closed };
      });
      if (!result) return null;
      // On the record before the facilitator is told it is done.
      const now = Date.now();
      const { report, closed } = result.value;
      const entries = [
        ...decisionAuditEntries(draftId, report, decider, now),
        ...(closed ? decisionAuditEntries(draftId, closed, decider, now) : []),
      ];
      if (entries.length > 0) await stores.audit.append(entries);
      return report;
    },
    compromise: async (draftId, request, actor) => {
      if (await silence.running(draftId)) throw new UnderSilenceError();
      return runCompromise(
        stores,
        (id, change) => collab.changeDraft(id, change),
        draftId,
        request,
        actor,
      );
    },
    issueRevision: async (draftId, request, issuer) => {
      if (await silence.running(draftId)) throw new UnderSilenceError();
      return issueRevision(
        stores,
        (id, change) => collab.changeDraft(id, change),
        draftId,
        request,
        issuer,
      );
    },
    silenceState: (draftId) => silence.state(draftId),
    startSilence: (draftId, request, actor) => silence.start(draftId, request, actor),
    breakSilence: (draftId, request, actor) => silence.breakSilence(draftId, request, actor),
    endSilence: (draftId, actor) => silence.end(draftId, actor),
    discussionThreads: (draftId) => discussion.threads(draftId),
    startThread: (draftId, request, member) => discussion.startThread(draftId, request, member),
    replyToThread: (draftId, request, member) => discussion.reply(draftId, request, member),
    editComment: (draftId, request, member) => discussion.edit(draftId, request, member),
    resolveThread: (draftId, request, member) => discussion.setResolved(draftId, request, member),
    setObserversMayComment: (draftId, allowed, member) =>
      discussion.setObserversMayComment(draftId, allowed, member),
    takePosition: (draftId, amendmentId, position, actor) =>
      positions.take(draftId, amendmentId, position, actor),
    withdrawPosition: (draftId, amendmentId, actor) =>
      positions.withdraw(draftId, amendmentId, actor),
  });

  let handleRequest: http.RequestListener = (_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
  };
  let handleOtherUpgrade = (_req: http.IncomingMessage, socket: import('node:stream').Duplex) => {
    socket.destroy();
  };
  if (options.web) {
    configureNextAuthOrigin(config);
    const { default: next } = await import('next');
    const app = next({
      dev: config.NODE_ENV === 'development',
      dir: projectRoot,
      hostname: config.HOST,
      port: config.PORT,
    });
    await app.prepare();
    const nextRequest = app.getRequestHandler();
    handleRequest = (req, res) => void nextRequest(req, res);
    if (config.NODE_ENV === 'development') {
      // Hot reloading's websocket; production has no other websocket than ours.
      const nextUpgrade = app.getUpgradeHandler();
      handleOtherUpgrade = (req, socket) => void nextUpgrade(req, socket, Buffer.alloc(0));
    }
  }

  const https = usesSecureCookies(config);
  const server = http.createServer((req, res) => {
    if (!config.TRUST_PROXY) dropForwardedHeaders(req);
    const site = siteOrigin(nodeHeaderReader(req.headers), origins);
    // As Next.js routes it ("//api/x" is /api/x); never throws, whatever the client sent.
    const pathname = (req.url ?? '/').replace(/\?.*$/s, '').replace(/^\/+/, '/');
    const headers = securityHeaders({
      site,
      nonce: newNonce(),
      dev: config.NODE_ENV === 'development',
      https,
      pathname,
    });
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // Next.js takes the nonce for its script tags from the request's copy of the policy.
    req.headers['content-security-policy'] = headers['content-security-policy'];
    if (isCrossSiteWrite(req, site)) {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: 'Cross-site request refused: send it from Concord itself.' }),
      );
      return;
    }
    const draftId = leases && !req.headers[FORWARDED_BY] ? draftOfRequest(pathname) : null;
    if (leases && draftId) void serveOnOwner(leases, draftId, req, res);
    else handleRequest(req, res);
  });

  /**
   * Several processes: a request about a draft is answered by the process that
   * owns the draft (its decisions and rounds run there, once); here when
   * nobody does, or when this process does.
   */
  async function serveOnOwner(
    leases: DraftLeases,
    draftId: string,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    let owner: ClusterMember | null = null;
    try {
      owner = await leases.owner(draftId);
    } catch (error) {
      log.warn('Redis did not say who owns a draft; answering here', {
        draft: draftId,
        reason: String(error),
      });
    }
    if (!owner || owner.id === leases.self.id) return handleRequest(req, res);
    if (await forwardRequest(req, res, owner, leases.self)) return;
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2' });
    res.end(
      JSON.stringify({
        error:
          'The Concord process serving this draft is not answering; the draft moves to another one within seconds: try again.',
      }),
    );
  }
  server.on('upgrade', (req, socket, head) => {
    if (!config.TRUST_PROXY) dropForwardedHeaders(req);
    if (!collab.handleUpgrade(req, socket, head)) handleOtherUpgrade(req, socket);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (leases) leases.self.url = internalUrl(config, port);
  log.info('Concord listening', { url: `http://${config.HOST}:${port}`, web: options.web });

  return {
    port,
    async close() {
      registerDraftService(null);
      await silence.close();
      await discussion.close();
      await positions.close();
      await collab.close();
      await leases?.close();
      await closeRedis();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const commits = stores.drafts.commitStats?.();
      if (commits) log.info('draft writes committed', commits);
      await stores.close();
    },
  };
}
