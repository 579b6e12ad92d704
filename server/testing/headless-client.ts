import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { sendOnlyOwnAwareness } from '@/lib/collab/own-awareness';
import { COLLAB_PATH } from '@/lib/collab/protocol';
import { SCHEMA_VERSION, SCHEMA_VERSION_PARAM } from '@/lib/schema/schema-version';

export interface HeadlessClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the first sync with the server is complete. */
  synced: Promise<void>;
  destroy(): void;
}

/** `ws` sending a Cookie header, as a browser does for the page's site. */
function webSocketWithCookie(cookie: string): typeof globalThis.WebSocket {
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  return CookieWebSocket as unknown as typeof globalThis.WebSocket;
}

/**
 * A collaborator without a browser: the stock y-websocket provider over `ws`,
 * set up as the editor sets it up, signed in with the session `cookie` (see
 * `signInCookie`).
 */
export function connectClient(wsUrl: string, draftId: string, cookie: string): HeadlessClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl}${COLLAB_PATH}`, draftId, doc, {
    WebSocketPolyfill: webSocketWithCookie(cookie),
    disableBc: true,
    params: { [SCHEMA_VERSION_PARAM]: String(SCHEMA_VERSION) },
    maxBackoffTime: 200,
  });
  sendOnlyOwnAwareness(provider);
  const synced = new Promise<void>((resolve) => {
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      provider.off('sync', onSync);
      resolve();
    };
    if (provider.synced) resolve();
    else provider.on('sync', onSync);
  });
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Retries `check` until it stops throwing, or rethrows its last error after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
