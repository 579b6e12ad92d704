'use client';

import * as decoding from 'lib0/decoding';
import { useEffect, useState } from 'react';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import { sendOnlyOwnAwareness } from '@/lib/collab/own-awareness';
import { jitterReconnects } from '@/lib/collab/reconnect-jitter';
import * as Y from 'yjs';
import {
  CloseCode,
  COLLAB_PATH,
  FATAL_CLOSE_CODES,
  localCacheName,
  MessageType,
  UNSAVED_REASON,
} from '@/lib/collab/protocol';
import { SCHEMA_VERSION, SCHEMA_VERSION_PARAM } from '@/lib/schema/schema-version';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';

export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

export interface CollabStatus {
  connection: ConnectionState;
  /** True once the draft's content has arrived from the server. */
  synced: boolean;
  /** Why the server ended the session for good, when it did. */
  closedReason: string | null;
  /** A server-side problem the client is retrying through, when there is one. */
  problem: string | null;
  /** The session has ended: the user must sign in again. */
  signInAgain: boolean;
  /** Why the server refused the last change from this page, which then reloaded the draft. */
  refusal: string | null;
}

function closedMessage(code: number, reason?: string): string {
  switch (code) {
    case CloseCode.DraftNotFound:
      return 'This draft no longer exists on the server.';
    case CloseCode.MessageTooBig:
      return 'Your last change was too large to send. Reload the page; paste large texts in parts.';
    case CloseCode.BadMessage:
      return 'The server could not read a message from this page. Reload the page to continue.';
    case CloseCode.SessionEnded:
      return 'Your session has ended (signed out, expired or revoked). Your unsent changes are kept in this browser until you sign in again.';
    case CloseCode.AccessWithdrawn:
      return 'Your delegation no longer has a role on this draft. Ask the Secretariat or the facilitator if this is a mistake.';
    case CloseCode.SchemaOutdated:
      return 'Concord has been updated since this page was opened. Reload the page to continue; changes not yet sent are kept in this browser.';
    case CloseCode.RoleChanged:
      return 'Your delegation’s role on this draft has changed. Reload the page to continue in the new role.';
    case CloseCode.ReadOnly:
      return 'Your delegation observes this draft, so the server did not accept a change from this page. Reload the page to follow the draft again.';
    case CloseCode.TooMuchPresence:
      return 'This page sent far more cursor updates than any page should (something on it is misbehaving), so the server disconnected it. Reload the page to continue; changes not yet sent are kept in this browser.';
    case CloseCode.ChangeRefused:
      return `The server refused too many changes from this page${reason ? ` (${reason})` : ''}. Nothing of them was stored or shown to others. Reload the page to continue from the server’s copy.`;
    default:
      return `The server closed the connection (code ${code}). Reload the page to continue.`;
  }
}

function collabUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}${COLLAB_PATH}`;
}

/** Opens a draft's Y.Doc over the collaboration websocket, for as long as the component lives. */
export function useCollabSession(
  draftId: string,
  userId: string,
): {
  session: CollabSession | null;
  status: CollabStatus;
  dismissRefusal: () => void;
} {
  const [session, setSession] = useState<CollabSession | null>(null);
  const [status, setStatus] = useState<CollabStatus>({
    connection: 'connecting',
    synced: false,
    closedReason: null,
    problem: null,
    signInAgain: false,
    refusal: null,
  });
  // Bumped when the server refuses a change: the draft is opened afresh from the server's copy.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const doc = new Y.Doc();
    // Edits not yet acknowledged survive a closed tab or a crash of the browser: they are
    // sent when the draft is next opened.
    const localCache = new IndexeddbPersistence(localCacheName(draftId, userId), doc);
    const provider = new WebsocketProvider(collabUrl(), draftId, doc, {
      disableBc: true,
      params: { [SCHEMA_VERSION_PARAM]: String(SCHEMA_VERSION) },
      shouldReconnect: (event: CloseEvent) => !FATAL_CLOSE_CODES.has(event.code),
    });
    sendOnlyOwnAwareness(provider);
    jitterReconnects(provider);
    let everConnected = false;
    const update = (patch: Partial<CollabStatus>) => setStatus((s) => ({ ...s, ...patch }));
    const onStatus = ({ status: s }: { status: 'connected' | 'connecting' | 'disconnected' }) => {
      if (s === 'connected') everConnected = true;
      if (!navigator.onLine) return update({ connection: 'offline' });
      update({
        connection: s === 'connected' ? 'connected' : everConnected ? 'reconnecting' : 'connecting',
        ...(s === 'connected' ? { problem: null } : {}),
      });
    };
    // Once loaded, the draft stays editable offline; Yjs sends the changes on reconnect.
    const onSync = (synced: boolean) => {
      if (synced) update({ synced: true });
    };
    const onClosed = ({ code, reason }: { code: number; reason?: string }) => {
      // What the server refused must not be sent again from this browser's copy.
      if (
        code === CloseCode.DraftNotFound ||
        code === CloseCode.ReadOnly ||
        code === CloseCode.ChangeRefused
      ) {
        void localCache.clearData();
      }
      update({
        connection: 'closed',
        closedReason: closedMessage(code, reason),
        signInAgain: code === CloseCode.SessionEnded,
      });
    };
    // A refused upgrade (401, 403) reaches the browser only as an abnormal close (1006):
    // ask the server why before retrying.
    const checkAccess = async () => {
      const response = await fetch(`/api/drafts/${draftId}/access`, { cache: 'no-store' });
      if (response.status !== 401 && response.status !== 404) return;
      provider.disconnect();
      const code = response.status === 401 ? CloseCode.SessionEnded : CloseCode.AccessWithdrawn;
      onClosed({ code });
    };
    const onConnectionClose = (event: CloseEvent | null) => {
      if (event?.code === 1006 && !provider.wsconnected) void checkAccess().catch(() => undefined);
      if (event?.code === CloseCode.StorageError) {
        update({
          problem:
            event.reason === UNSAVED_REASON
              ? 'The server could not save the latest changes (its storage is full or unavailable), so nobody else has them yet. They are kept on this page and sent again as soon as the server can save them: keep the page open. If this lasts, tell the Secretariat.'
              : 'The server could not open this draft. It keeps trying; if this lasts, tell the Secretariat.',
        });
      }
    };
    // The server refused a change: this copy holds it (and maybe more built on it), so it is
    // dropped, with the browser's cached copy, and the draft opened again from the server.
    let refused = false;
    provider.messageHandlers[MessageType.Refused] = (_encoder, decoder) => {
      const reason = decoding.readVarString(decoder);
      update({
        refusal: `The server did not accept a change from this page: ${reason}. Nothing of it was stored or shown to others. The draft now shows the server’s copy; changes made on this page after it were not kept.`,
      });
      if (refused) return;
      refused = true;
      provider.disconnect();
      void localCache
        .clearData()
        .catch(() => undefined)
        .finally(() => setGeneration((g) => g + 1));
    };
    const onOffline = () => update({ connection: 'offline' });
    const onOnline = () =>
      update({ connection: provider.wsconnected ? 'connected' : 'reconnecting' });
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('closed', onClosed);
    provider.on('connection-close', onConnectionClose);
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    // Creating the provider connects; the component renders once it exists.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSession({ doc, provider });
    // A fresh copy (after a refusal) is not loaded until the server sends it.
    update({ synced: false });
    return () => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      provider.destroy();
      void localCache.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [draftId, userId, generation]);

  const dismissRefusal = () => setStatus((s) => ({ ...s, refusal: null }));
  return { session, status, dismissRefusal };
}
