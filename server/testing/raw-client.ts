import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  BODY_FIELD,
  collabPath,
  HEADER_FIELD,
  MessageType,
  PROPOSALS_FIELD,
  SETTINGS_FIELD,
} from '@/lib/collab/protocol';
import { AMENDMENTS_FIELD } from '@/lib/amendments/model';
import { SCHEMA_VERSION, SCHEMA_VERSION_PARAM } from '@/lib/schema/schema-version';

/** One client's presence state in an awareness message: its JSON as written, `null` when it left. */
export interface PresenceEntry {
  clientId: number;
  clock: number;
  json: string;
}

/**
 * A hand-made client speaking the raw y-websocket protocol over `ws` (no
 * provider, no editor): it syncs a Y.Doc, sends whatever bytes a test gives
 * it, and records what the server answers, Refused messages included.
 */
export class RawClient {
  doc: Y.Doc = RawClient.freshDoc();
  readonly refusals: string[] = [];
  closed: { code: number; reason: string } | null = null;
  /** False: updates from others are counted, not applied (a load generator that only sends). */
  follow = true;
  receivedBytes = 0;
  /** Every presence (awareness) entry the server sent, in order: `json` is the state as sent. */
  readonly presence: PresenceEntry[] = [];
  private readonly ws: WebSocket;
  private syncedOnce: (() => void) | null = null;
  private readonly waiters = new Set<() => void>();

  private static freshDoc(): Y.Doc {
    const doc = new Y.Doc();
    // Root types with their own class before any update arrives.
    doc.getXmlFragment(BODY_FIELD);
    doc.getMap(HEADER_FIELD);
    doc.getMap(AMENDMENTS_FIELD);
    doc.getMap(PROPOSALS_FIELD);
    doc.getMap(SETTINGS_FIELD);
    return doc;
  }

  private constructor(wsUrl: string, draftId: string, cookie: string) {
    this.ws = new WebSocket(
      `${wsUrl}${collabPath(draftId)}?${SCHEMA_VERSION_PARAM}=${SCHEMA_VERSION}`,
      { headers: { cookie } },
    );
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('message', (data: Buffer) => this.receive(new Uint8Array(data)));
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.notify();
    });
    this.ws.on('error', () => undefined);
  }

  /** Connects and completes the sync handshake. */
  static async connect(wsUrl: string, draftId: string, cookie: string): Promise<RawClient> {
    const client = new RawClient(wsUrl, draftId, cookie);
    await new Promise<void>((resolve, reject) => {
      client.ws.once('open', () => resolve());
      client.ws.once('close', (code) => reject(new Error(`closed with ${code}`)));
    });
    await client.sync();
    return client;
  }

  /** Drops the document and syncs a fresh one from the server, on the same connection. */
  async resync(): Promise<void> {
    this.doc.destroy();
    this.doc = RawClient.freshDoc();
    await this.sync();
  }

  private sync(): Promise<void> {
    const done = new Promise<void>((resolve) => (this.syncedOnce = resolve));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    this.sendBytes(encoding.toUint8Array(encoder));
    return done;
  }

  /** Changes the local document with `change` and sends exactly that update; returns it. */
  change(change: (doc: Y.Doc) => void): Uint8Array {
    let captured: Uint8Array | null = null;
    const capture = (update: Uint8Array) => (captured = update);
    this.doc.once('update', capture);
    this.doc.transact(() => change(this.doc));
    this.doc.off('update', capture);
    if (!captured) throw new Error('the change changed nothing');
    this.sendUpdate(captured);
    return captured;
  }

  /** Sends `update` (any bytes) as a sync update message. */
  sendUpdate(update: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeUpdate(encoder, update);
    this.sendBytes(encoding.toUint8Array(encoder));
  }

  /** Sends one awareness message with exactly these entries (any JSON, any client ids). */
  sendPresence(entries: readonly PresenceEntry[]): void {
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(update, entry.clientId);
      encoding.writeVarUint(update, entry.clock);
      encoding.writeVarString(update, entry.json);
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Awareness);
    encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
    this.sendBytes(encoding.toUint8Array(encoder));
  }

  sendBytes(bytes: Uint8Array): void {
    this.ws.send(bytes);
  }

  /** Resolves when `check` holds after some message (or the close) arrives; rejects after a timeout. */
  async until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
    this.doc.destroy();
  }

  private notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter();
  }

  private receive(message: Uint8Array): void {
    this.receivedBytes += message.length;
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (!this.follow && type === MessageType.Sync && message[1] === syncProtocol.messageYjsUpdate) {
      return;
    }
    if (type === MessageType.Sync) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Sync);
      const kind = syncProtocol.readSyncMessage(decoder, encoder, this.doc, 'server');
      if (kind === syncProtocol.messageYjsSyncStep1) this.sendBytes(encoding.toUint8Array(encoder));
      if (kind === syncProtocol.messageYjsSyncStep2) {
        this.syncedOnce?.();
        this.syncedOnce = null;
      }
    } else if (type === MessageType.Refused) {
      this.refusals.push(decoding.readVarString(decoder));
    } else if (type === MessageType.Awareness) {
      const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
      const count = decoding.readVarUint(update);
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(update);
        const clock = decoding.readVarUint(update);
        this.presence.push({ clientId, clock, json: decoding.readVarString(update) });
      }
    }
    this.notify();
  }
}
