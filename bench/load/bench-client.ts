import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { sendOnlyOwnAwareness } from '../../lib/collab/own-awareness';
import { jitterReconnects } from '../../lib/collab/reconnect-jitter';
import { sharedNow } from '../harness';
import { roomOfClient, urlOfClient } from './client-rooms';
import type { AmendmentAuthorSpec, ClientTarget } from './worker-protocol';

/** Bytes a process's clients have sent and received over their websockets. */
export interface ByteCounter {
  sent: number;
  received: number;
}

function byteLength(data: unknown): number {
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (Array.isArray(data)) return data.reduce((sum: number, part) => sum + byteLength(part), 0);
  if (typeof data === 'string') return Buffer.byteLength(data);
  return 0;
}

/**
 * `ws` as the providers' WebSocket: counts the bytes each way and sends the
 * session cookie, as a browser does for the page's site.
 */
function countingWebSocket(counter: ByteCounter, cookie?: string): typeof globalThis.WebSocket {
  class CountingWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, cookie ? { headers: { cookie } } : {});
      this.on('message', (data) => (counter.received += byteLength(data)));
      const send = this.send.bind(this);
      this.send = ((data: Parameters<WebSocket['send']>[0], ...rest: unknown[]) => {
        counter.sent += byteLength(data);
        return (send as (...args: unknown[]) => void)(data, ...rest);
      }) as WebSocket['send'];
    }
  }
  return CountingWebSocket as unknown as typeof globalThis.WebSocket;
}

/**
 * One headless collaborator: a Y.Doc and the stock provider of the server it
 * talks to (y-websocket's `WebsocketProvider` for Concord and the y-websocket
 * server, `@hocuspocus/provider` for Hocuspocus, whose protocol prefixes every
 * message with the document name and starts with an authentication message).
 */
export class BenchClient {
  readonly doc = new Y.Doc();
  readonly awareness: Awareness;
  /** Shared-clock times at which the provider became synced (first sync, then after reconnects). */
  readonly syncedAt: number[] = [];
  readonly createdAt = sharedNow();
  /** Whose amendment this client's edits are (`--role sponsor`); undefined: plain edits. */
  readonly author: AmendmentAuthorSpec | undefined;
  /** The room (draft) this client is in. */
  readonly room: string;
  private readonly destroyProvider: () => void;
  private readonly syncWaiters = new Set<() => void>();

  constructor(
    readonly index: number,
    readonly track: boolean,
    target: ClientTarget,
    counter: ByteCounter,
    /** Which of the target's server processes (default: by index, see `urlOfClient`). */
    server?: number,
  ) {
    // The user behind this client's cookie (sessionCookies signs the users in round robin).
    const authors = target.amendAs ?? [];
    const slot = target.cookies.length > 0 ? index % target.cookies.length : index;
    this.author = authors[slot % Math.max(authors.length, 1)];
    this.room = roomOfClient(target, index);
    const url = urlOfClient(target, index, server);
    const onSynced = () => {
      this.syncedAt.push(sharedNow());
      for (const waiter of this.syncWaiters) waiter();
      this.syncWaiters.clear();
    };
    if (target.backend === 'hocuspocus') {
      // One socket per client, as each browser tab has its own.
      const socket = new HocuspocusProviderWebsocket({
        url,
        WebSocketPolyfill: countingWebSocket(counter),
      });
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name: this.room,
        document: this.doc,
      });
      provider.on('synced', onSynced);
      provider.attach();
      if (!provider.awareness) throw new Error('the Hocuspocus provider has no awareness');
      this.awareness = provider.awareness;
      this.destroyProvider = () => {
        provider.destroy();
        socket.destroy();
      };
    } else {
      const cookie = target.cookies.length
        ? target.cookies[this.index % target.cookies.length]
        : undefined;
      const provider = new WebsocketProvider(url, this.room, this.doc, {
        WebSocketPolyfill: countingWebSocket(counter, cookie),
        disableBc: true,
        params: target.params,
      });
      // Concord's clients send only their own presence and spread their reconnections, as its
      // editor does.
      if (target.backend === 'concord') {
        if (!target.stockAwareness) sendOnlyOwnAwareness(provider);
        jitterReconnects(provider);
      }
      provider.on('sync', (synced: boolean) => {
        if (synced) onSynced();
      });
      this.awareness = provider.awareness;
      this.destroyProvider = () => provider.destroy();
    }
  }

  get synced(): boolean {
    return this.syncedAt.length > 0;
  }

  /** Resolves once the provider has synced (at least once); false after `timeoutMs`. */
  whenSynced(timeoutMs: number): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.syncWaiters.delete(done);
        resolve(false);
      }, timeoutMs);
      this.syncWaiters.add(done);
    });
  }

  destroy(): void {
    this.destroyProvider();
    this.doc.destroy();
  }
}
