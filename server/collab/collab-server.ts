import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode, parseCollabPath } from '@/lib/collab/protocol';
import type { DraftStore } from '@/lib/db/draft-store';
import { log } from '../log';
import { loadDraftDoc } from '../persistence/load-draft-doc';
import { DraftRoom, type DraftRoomOptions } from './draft-room';

export interface CollabServerOptions extends DraftRoomOptions {
  /** Largest message accepted; a larger one closes the connection with 1009. */
  maxMessageBytes: number;
  /** Interval of keep-alive pings; a client that misses one is dropped. */
  pingIntervalMs?: number;
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
  private readonly pingTimer: NodeJS.Timeout;

  constructor(
    private readonly store: DraftStore,
    private readonly options: CollabServerOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
    this.pingTimer = setInterval(() => this.ping(), options.pingIntervalMs ?? 30_000);
    this.pingTimer.unref();
  }

  /** Takes the upgrade when `req` is for a collaboration path; returns false otherwise. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const draftId = parseCollabPath(pathname);
    if (draftId === undefined) return false;
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.accept(ws, draftId));
    return true;
  }

  /** Stores every open draft, closes every connection and stops. */
  async close(): Promise<void> {
    clearInterval(this.pingTimer);
    const rooms = await Promise.all(
      [...this.rooms.values()].map((loading) => loading.catch(() => null)),
    );
    await Promise.all(rooms.map((room) => room?.close()));
    for (const ws of this.wss.clients) ws.close(CloseCode.ServerShutdown, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async accept(ws: WebSocket, draftId: string | null): Promise<void> {
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    const queued: Uint8Array[] = [];
    let room: DraftRoom | null = null;
    ws.on('error', (error) => {
      log.warn('websocket error', { draft: draftId, reason: error.message });
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return this.reject(ws, draftId, 'text frame');
      const message = toBytes(data);
      if (room) this.dispatch(room, ws, message);
      else queued.push(message);
    });
    ws.on('close', () => room?.removeConnection(ws));

    if (draftId === null) {
      log.warn('draft not found; closing the connection', { path: 'not a draft id' });
      ws.close(CloseCode.DraftNotFound, 'draft not found');
      return;
    }
    let loaded: DraftRoom | null;
    try {
      loaded = await this.room(draftId);
    } catch (error) {
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
    room.addConnection(ws);
    for (const message of queued) this.dispatch(room, ws, message);
  }

  private dispatch(room: DraftRoom, ws: WebSocket, message: Uint8Array): void {
    // Once a connection is being closed (e.g. after a malformed message), ignore what follows.
    if (ws.readyState !== ws.OPEN) return;
    try {
      room.handleMessage(ws, message);
    } catch (error) {
      this.reject(ws, room.draftId, error instanceof Error ? error.message : String(error));
    }
  }

  private reject(ws: WebSocket, draftId: string | null, reason: string): void {
    log.warn('malformed message; closing the connection', { draft: draftId, reason });
    ws.close(CloseCode.BadMessage, 'malformed message');
  }

  private room(draftId: string): Promise<DraftRoom | null> {
    const existing = this.rooms.get(draftId);
    if (existing) return existing;
    const forget = () => {
      if (this.rooms.get(draftId) === loading) this.rooms.delete(draftId);
    };
    const loading: Promise<DraftRoom | null> = loadDraftDoc(this.store, draftId).then((loaded) =>
      loaded ? new DraftRoom(draftId, loaded, this.store, this.options, forget) : null,
    );
    this.rooms.set(draftId, loading);
    // A missing or unreadable draft is not cached: it may be created or repaired.
    loading.then((room) => room ?? forget(), forget);
    return loading;
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
