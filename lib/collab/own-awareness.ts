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
}
