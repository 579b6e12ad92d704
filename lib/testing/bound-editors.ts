import type { Editor } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { materialiseDraft } from '../amendments/materialise';
import type { AmendmentAuthor } from '../amendments/model';
import { ProposalBinding } from '../amendments/proposal-binding';
import { SuggestingMode, type AmendmentMode } from '../amendments/suggesting-mode';
import { headlessEditor } from './headless-editor';
import { randomInt, seededRandom } from './seeded-random';

/** Headless editors bound to drafts with amendments as objects, alone or on a network of Y.Docs. */

export interface BoundEditor {
  editor: Editor;
  doc: Y.Doc;
  author: AmendmentAuthor;
  /** What the suggesting mode or the binding refused, in order. */
  refusals: string[];
  /** Local edits the Y.Doc did not give back as they were shown (the translation was inexact). */
  inexact: { edited: ProseMirrorNode; materialised: ProseMirrorNode }[];
}

/** An editor showing `doc`'s marked-up text, editing it as `author` in `mode`. */
export function boundEditor(
  doc: Y.Doc,
  author: AmendmentAuthor,
  mode: AmendmentMode = 'suggesting',
  awareness: Awareness | null = null,
  /** Check each paragraph-by-paragraph refresh against materialising the whole draft (off: benchmarks). */
  checkIncremental = true,
): BoundEditor {
  const refusals: string[] = [];
  const inexact: BoundEditor['inexact'] = [];
  const onRefused = (reason: string) => refusals.push(reason);
  const editor: Editor = headlessEditor(materialiseDraft(doc).doc.toJSON(), [
    SuggestingMode.configure({ author, doc, mode, onRefused }),
    ProposalBinding.configure({
      doc,
      author,
      awareness,
      mode: () => editor.storage.suggestingMode.mode,
      onRefused,
      checkIncremental,
      onTranslated: (edited, materialised) => {
        if (!edited.eq(materialised)) inexact.push({ edited, materialised });
      },
    }),
  ]);
  return { editor, doc, author, refusals, inexact };
}

export interface BoundNetwork {
  random: () => number;
  clients: BoundEditor[];
  /** The server's copy. */
  server: Y.Doc;
  pending(): number;
  deliverSome(): void;
  deliverAll(): void;
  /** Takes a client off the network (its updates wait) or puts it back. */
  setOnline(index: number, online: boolean): void;
  /** Called with each client update just before the server applies it (as the server's rules would). */
  beforeServerApplies?: (update: Uint8Array, client: number) => void;
  destroy(): void;
}

/**
 * Bound editors (one per author) on separate Y.Docs and the server's Y.Doc,
 * each client sending to the server, which relays to the others; which link
 * delivers next, and how much, is picked at random from `seed`. An offline
 * client neither sends nor receives until it is back.
 */
export function boundNetwork(
  initial: Uint8Array,
  authors: readonly AmendmentAuthor[],
  seed: number,
): BoundNetwork {
  const random = seededRandom(seed);
  const server = new Y.Doc();
  Y.applyUpdate(server, initial);
  const toServer: Uint8Array[][] = authors.map(() => []);
  const toClient: Uint8Array[][] = authors.map(() => []);
  const online = authors.map(() => true);
  server.on('update', (update: Uint8Array, origin: unknown) => {
    toClient.forEach((queue, index) => {
      if (origin !== `client ${index}`) queue.push(update);
    });
  });
  const clients = authors.map((author, index) => {
    const doc = new Y.Doc();
    doc.clientID = 1000 + index;
    Y.applyUpdate(doc, initial);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'network') toServer[index]?.push(update);
    });
    return boundEditor(doc, author);
  });
  const links = () =>
    authors.flatMap((_, index) =>
      online[index]
        ? [
            { queue: toServer[index] ?? [], to: server, origin: `client ${index}` },
            { queue: toClient[index] ?? [], to: clients[index]?.doc, origin: 'network' },
          ]
        : [],
    );
  const pending = () => links().reduce((sum, link) => sum + link.queue.length, 0);
  const deliverOne = () => {
    const busy = links().filter((link) => link.queue.length > 0);
    const link = busy[randomInt(random, busy.length)];
    const update = link?.queue.shift();
    if (link?.to === server && update) {
      network.beforeServerApplies?.(update, toServer.indexOf(link.queue));
    }
    if (link?.to && update) Y.applyUpdate(link.to, update, link.origin);
  };
  const network: BoundNetwork = {
    random,
    clients,
    server,
    pending,
    deliverSome() {
      const n = randomInt(random, pending() + 1);
      for (let i = 0; i < n && pending() > 0; i++) deliverOne();
    },
    deliverAll() {
      while (pending() > 0) deliverOne();
    },
    setOnline(index, value) {
      online[index] = value;
    },
    destroy() {
      for (const { editor, doc } of clients) {
        editor.destroy();
        doc.destroy();
      }
      server.destroy();
    },
  };
  return network;
}
