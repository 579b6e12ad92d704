import type { WebsocketProvider } from 'y-websocket';

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * Makes `provider` send only its own client's presence. The stock provider
 * sends back every other client's state it receives, so with a server that
 * relays to everyone each cursor move would cross the network once per page
 * (the server drops the echoes, but still has to read them). What Concord's
 * editor runs, and its benchmark clients with it.
 */
export function sendOnlyOwnAwareness(provider: WebsocketProvider): void {
  const send = provider._awarenessUpdateHandler;
  const own = provider.awareness.clientID;
  provider.awareness.off('update', send);
  provider._awarenessUpdateHandler = (changes: AwarenessChanges, origin: unknown) => {
    const mine = {
      added: changes.added.filter((id) => id === own),
      updated: changes.updated.filter((id) => id === own),
      removed: changes.removed.filter((id) => id === own),
    };
    if (mine.added.length + mine.updated.length + mine.removed.length > 0) send(mine, origin);
  };
  // The provider takes this handler off again when it is destroyed.
  provider.awareness.on('update', provider._awarenessUpdateHandler);
  // The other pages forget our state when their connection drops, but keep its clock, and
  // ignore a state under a clock they have seen: the provider sends our unchanged state again
  // when it reconnects (after a restart, or a failover to another process), which they would
  // ignore until our cursor next moved. So it goes out again under a new clock.
  // Only on a reconnection: at the first connection nobody has seen our clock yet.
  let connectedBefore = false;
  provider.on('status', ({ status }: { status: string }) => {
    if (status !== 'connected') return;
    const again = connectedBefore;
    connectedBefore = true;
    if (!again) return;
    const state = provider.awareness.getLocalState();
    if (state !== null) provider.awareness.setLocalState({ ...state });
  });
}
