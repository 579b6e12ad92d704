import type * as Y from 'yjs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode, parseCollabPath } from '@/lib/collab/protocol';
import { SCHEMA_VERSION, SCHEMA_VERSION_PARAM } from '@/lib/schema/schema-version';
import type { DraftStore } from '@/lib/db/draft-store';
import type { CollabAuthenticator, CollabPrincipal, RecheckDecision } from '../auth';
import { log } from '../log';
import { loadAndConvert } from '@/lib/drafts/convert-on-load';
import { DraftElsewhereError } from '@/lib/collab/draft-service';
import type { ClusterMember, DraftLeases } from '../cluster/draft-leases';
import { FORWARDED_BY, forwardSocket, type ForwardedSocket } from '../cluster/forward';
import { DraftRoom, ReadOnlyError, type DraftRoomOptions } from './draft-room';
import { ChangeRefusedError } from './update-rules';

export interface CollabServerOptions extends DraftRoomOptions {
  /** Largest message accepted; a larger one closes the connection with 1009. */
  maxMessageBytes: number;
  /** Interval of keep-alive pings; a client that misses one is dropped. */
  pingIntervalMs?: number;
  /** Interval at which open connections re-check their session and role. */
  authRecheckMs: number;
  /**
   * Several processes (issue 24): a draft's room opens only on the process
   * holding its lease; the others forward its sockets there.
   */
  leases?: DraftLeases;
  /** Told when a draft's room has opened on this process (its silence is timed here then). */
  onOpened?: (draftId: string) => void;
}

/** How often a socket whose draft's owner cannot be reached looks whether the draft has moved. */
const OWNER_RETRY_MS = 250;

/** The draft's room is on another process, `owner`: its sockets are forwarded there. */
class OwnedElsewhere extends DraftElsewhereError {
  constructor(
    draftId: string,
    readonly owner: ClusterMember,
  ) {
    super(draftId);
  }
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden' };

/** Refuses an upgrade with a plain HTTP response, before any websocket exists. */
function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * The collaboration websocket: y-websocket's sync and awareness protocol at
 * `/collab/<draftId>`, one `DraftRoom` per open draft.
 */
export class CollabServer {
  private readonly wss: WebSocketServer;
  /** Open drafts, by id: loading or loaded. */
  private readonly rooms = new Map<string, Promise<DraftRoom | null>>();
  private readonly alive = new WeakMap<WebSocket, boolean>();
  /** Every open connection's principal and draft, for the periodic re-check. */
  private readonly principals = new Map<
    WebSocket,
    { principal: CollabPrincipal; draftId: string }
  >();
  /** Sockets forwarded to the process owning their draft. */
  private readonly forwarded = new Set<ForwardedSocket>();
  private readonly pingTimer: NodeJS.Timeout;
  private readonly recheckTimer: NodeJS.Timeout;
  private rechecking = false;

  constructor(
    private readonly store: DraftStore,
    private readonly authenticator: CollabAuthenticator,
    private readonly options: CollabServerOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
    this.pingTimer = setInterval(() => this.ping(), options.pingIntervalMs ?? 30_000);
    this.pingTimer.unref();
    this.recheckTimer = setInterval(() => void this.recheck(), options.authRecheckMs);
    this.recheckTimer.unref();
  }

  /**
   * Takes the upgrade when `req` is for a collaboration path (returns false
   * otherwise), once the session and the delegation's role allow it.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const draftId = parseCollabPath(url.pathname);
    if (draftId === undefined) return false;
    const schema = Number(url.searchParams.get(SCHEMA_VERSION_PARAM) ?? 1);
    socket.on('error', () => socket.destroy());
    void this.authorizeUpgrade(req, socket, head, draftId, schema).catch((error: unknown) => {
      log.error('websocket authentication failed', { reason: String(error) });
      refuseUpgrade(socket, 503, 'server error; try again');
    });
    return true;
  }

  private async authorizeUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    draftId: string | null,
    schema: number,
  ): Promise<void> {
    if (draftId === null) {
      // Not a draft id: still only a signed-in user learns that.
      const decision = await this.authenticator.authenticate(req, '');
      if (!decision.ok && decision.status === 401)
        return refuseUpgrade(socket, 401, decision.message);
      this.wss.handleUpgrade(req, socket, head, (ws) => void this.accept(ws, null, null, req));
      return;
    }
    const decision = await this.authenticator.authenticate(req, draftId);
    if (!decision.ok) {
      log.info('websocket refused', {
        draft: draftId,
        status: decision.status,
        reason: decision.message,
      });
      return refuseUpgrade(socket, decision.status, decision.message);
    }
    if (socket.destroyed) return;
    if (!(schema >= SCHEMA_VERSION)) {
      // Told over the websocket, since a browser cannot read a refused upgrade's status.
      log.info('client schema outdated; closing', { draft: draftId, schema });
      this.wss.handleUpgrade(req, socket, head, (ws) =>
        ws.close(CloseCode.SchemaOutdated, 'reload: the document schema changed'),
      );
      return;
    }
    this.wss.handleUpgrade(
      req,
      socket,
      head,
      (ws) => void this.accept(ws, draftId, decision.principal, req),
    );
  }

  /** Stores every open draft, closes every connection and stops. */
  async close(): Promise<void> {
    clearInterval(this.pingTimer);
    clearInterval(this.recheckTimer);
    const rooms = await Promise.all(
      [...this.rooms.values()].map((loading) => loading.catch(() => null)),
    );
    await Promise.all(rooms.map((room) => room?.close()));
    for (const forwarded of this.forwarded) forwarded.close();
    for (const ws of this.wss.clients) ws.close(CloseCode.ServerShutdown, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async accept(
    ws: WebSocket,
    draftId: string | null,
    principal: CollabPrincipal | null,
    req: IncomingMessage,
  ): Promise<void> {
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    const queued: Uint8Array[] = [];
    let room: DraftRoom | null = null;
    let forwarded: ForwardedSocket | null = null;
    ws.on('error', (error) => {
      log.warn('websocket error', { draft: draftId, reason: error.message });
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return this.reject(ws, draftId, 'text frame');
      const message = toBytes(data);
      if (room) this.dispatch(room, ws, message);
      else if (forwarded) forwarded.send(message);
      else queued.push(message);
    });
    ws.on('close', () => {
      this.principals.delete(ws);
      room?.removeConnection(ws);
      if (forwarded) {
        forwarded.close();
        this.forwarded.delete(forwarded);
      }
    });

    if (draftId === null || principal === null) {
      log.warn('draft not found; closing the connection', { path: 'not a draft id' });
      ws.close(CloseCode.DraftNotFound, 'draft not found');
      return;
    }
    let loaded: DraftRoom | null;
    try {
      loaded = await this.room(draftId);
    } catch (error) {
      if (error instanceof OwnedElsewhere && this.options.leases) {
        // A forwarded socket is served here or not at all: never forwarded twice.
        if (req.headers[FORWARDED_BY] !== undefined || ws.readyState !== ws.OPEN) {
          ws.close(CloseCode.ServerShutdown, 'the draft moved; reconnect');
          return;
        }
        const socket = forwardSocket(ws, req, error.owner, this.options.leases.self, {
          maxPayload: this.options.maxMessageBytes,
          onFailed: () => {
            this.forwarded.delete(socket);
            void this.reconnectOnceMoved(ws, draftId, error.owner);
          },
        });
        forwarded = socket;
        this.forwarded.add(socket);
        for (const message of queued.splice(0)) socket.send(message);
        return;
      }
      log.error('could not load draft', { draft: draftId, reason: String(error) });
      ws.close(CloseCode.StorageError, 'the draft could not be loaded');
      return;
    }
    if (!loaded) {
      log.warn('draft not found; closing the connection', { draft: draftId });
      ws.close(CloseCode.DraftNotFound, 'draft not found');
      return;
    }
    if (ws.readyState !== ws.OPEN) return;
    room = loaded;
    this.principals.set(ws, { principal, draftId });
    room.addConnection(ws, principal);
    for (const message of queued) this.dispatch(room, ws, message);
  }

  /**
   * The draft's owner cannot be reached (it died; its lease has not expired
   * yet): once the lease has moved or expired, the client is told to
   * reconnect, and is then served by the new owner (perhaps this process).
   */
  private async reconnectOnceMoved(
    ws: WebSocket,
    draftId: string,
    unreachable: ClusterMember,
  ): Promise<void> {
    const leases = this.options.leases;
    const deadline = performance.now() + (leases ? leases.ttlMs : 0) + 2000;
    while (leases && ws.readyState === ws.OPEN && performance.now() < deadline) {
      const owner = await leases.owner(draftId).catch(() => unreachable);
      if (owner?.id !== unreachable.id) break;
      await new Promise((resolve) => setTimeout(resolve, OWNER_RETRY_MS));
    }
    if (ws.readyState === ws.OPEN) {
      ws.close(CloseCode.ServerShutdown, 'the draft’s server went away; reconnect');
    }
  }

  private dispatch(room: DraftRoom, ws: WebSocket, message: Uint8Array): void {
    // Once a connection is being closed (e.g. after a malformed message), ignore what follows.
    if (ws.readyState !== ws.OPEN) return;
    try {
      room.handleMessage(ws, message);
    } catch (error) {
      if (error instanceof ReadOnlyError) {
        log.warn('change from a read-only connection dropped; closing it', {
          draft: room.draftId,
          user: this.principals.get(ws)?.principal.user.username,
        });
        ws.close(CloseCode.ReadOnly, 'observers cannot change the draft');
        return;
      }
      if (error instanceof ChangeRefusedError) {
        const principal = this.principals.get(ws)?.principal;
        log.warn('too many refused changes; closing the connection', {
          draft: room.draftId,
          user: principal?.user.username,
          delegation: principal?.user.delegation.code,
          reason: error.message,
        });
        // A close reason holds at most 123 bytes.
        ws.close(CloseCode.ChangeRefused, Buffer.from(error.message).subarray(0, 120).toString());
        return;
      }
      this.reject(ws, room.draftId, error instanceof Error ? error.message : String(error));
    }
  }

  /** Closes each connection whose session has ended or whose role was withdrawn or changed. */
  private async recheck(): Promise<void> {
    if (this.rechecking) return;
    this.rechecking = true;
    try {
      // One check per session and draft, however many tabs share them.
      const decisions = new Map<string, Promise<RecheckDecision>>();
      for (const [ws, { principal, draftId }] of [...this.principals]) {
        const key = `${principal.sessionId} ${draftId} ${principal.role}`;
        let decided = decisions.get(key);
        if (!decided) {
          decided = this.authenticator.recheck(principal, draftId);
          decisions.set(key, decided);
        }
        const decision = await decided;
        if (decision.ok || ws.readyState !== ws.OPEN) continue;
        log.info('closing a connection', {
          draft: draftId,
          user: principal.user.username,
          reason: decision.reason,
        });
        ws.close(decision.code, decision.reason);
      }
    } catch (error) {
      log.error('re-checking connections failed', { reason: String(error) });
    } finally {
      this.rechecking = false;
    }
  }

  /**
   * Runs a server-side change on a draft's document, loading it if nobody has
   * it open; null when the draft does not exist.
   */
  async changeDraft<T>(draftId: string, change: (doc: Y.Doc) => T): Promise<{ value: T } | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const room = await this.room(draftId);
      if (!room) return null;
      const result = await room.change(change);
      if (result) return result;
    }
    throw new Error(`draft ${draftId} kept closing while being changed`);
  }

  private reject(ws: WebSocket, draftId: string | null, reason: string): void {
    log.warn('malformed message; closing the connection', { draft: draftId, reason });
    ws.close(CloseCode.BadMessage, 'malformed message');
  }

  private room(draftId: string): Promise<DraftRoom | null> {
    const existing = this.rooms.get(draftId);
    if (existing) return existing;
    const { leases } = this.options;
    const forget = () => {
      if (this.rooms.get(draftId) !== loading) return;
      this.rooms.delete(draftId);
      void leases?.release(draftId);
    };
    // With several processes, the draft opens on the one that takes its lease; the others
    // forward to it. Loaded only once the lease is ours, so the store holds all earlier writes.
    const leased = leases
      ? leases.acquire(draftId).then((lease) => {
          if (!lease.mine) throw new OwnedElsewhere(draftId, lease.owner);
        })
      : Promise.resolve();
    // A draft made before issue 19 is converted to amendments as objects first (stored).
    const loading: Promise<DraftRoom | null> = leased
      .then(() => loadAndConvert(this.store, draftId))
      .then((result) => {
        if (!result) return null;
        const { report, model } = result.conversion;
        if (report?.migrated || report?.skipped.length) {
          const fields = {
            draft: draftId,
            model,
            amendments: report.amendments.length,
            skipped: report.skipped
              .map((note) => `${note.suggestionId}: ${note.reason}`)
              .join('; '),
            warnings: report.warnings
              .map((note) => `${note.suggestionId}: ${note.reason}`)
              .join('; '),
          };
          if (model === 'objects') log.info('draft converted to amendments as objects', fields);
          else
            log.warn('draft kept with amendment marks: not everything could be converted', fields);
        }
        return new DraftRoom(draftId, result.loaded, this.store, this.options, forget);
      });
    this.rooms.set(draftId, loading);
    // A missing or unreadable draft is not cached: it may be created or repaired.
    loading.then((room) => (room ? this.options.onOpened?.(draftId) : forget()), forget);
    return loading;
  }

  /**
   * The lease of an open draft was lost (Redis did not confirm it in time, or
   * another process holds it): its room closes at once, without writing what
   * is pending (its clients still hold it and send it again to the new owner
   * when they reconnect), and its clients reconnect.
   */
  leaseLost(draftId: string): void {
    const loading = this.rooms.get(draftId);
    if (!loading) return;
    this.rooms.delete(draftId);
    void loading.then(
      (room) => room?.abandon(CloseCode.ServerShutdown, 'the draft moved; reconnect'),
      () => undefined,
    );
  }

  private ping(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.get(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.set(ws, false);
      ws.ping();
    }
  }
}
