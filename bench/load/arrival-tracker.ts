import type * as Y from 'yjs';
import { sharedNow } from '../harness';
import type { Arrivals, TrackedTypist } from './worker-protocol';

interface Tracked extends TrackedTypist {
  /** Per edit, when it arrived at each client it reached. */
  times: number[][];
}

/**
 * Records when the edits of the timed typists reach each of a process's
 * clients. Every edit adds exactly `length` characters, so a typist's Yjs
 * clock tells which of its edits a document holds; each remote transaction's
 * before and after state vectors tell which arrived with it.
 */
export class ArrivalTracker {
  private tracked = new Map<number, Tracked>();

  setTypists(typists: readonly TrackedTypist[]): void {
    this.tracked = new Map(typists.map((typist) => [typist.client, { ...typist, times: [] }]));
  }

  /** Starts recording arrivals into `doc` (a client that does not type is counted as well). */
  observe(doc: Y.Doc): void {
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.local || this.tracked.size === 0) return;
      const at = sharedNow();
      const { beforeState, afterState } = transaction;
      const visit = (typist: Tracked, after: number) => {
        const before = beforeState.get(typist.client) ?? 0;
        if (after <= before) return;
        const from = Math.max(0, Math.floor((before - typist.base) / typist.length));
        const to = Math.floor((after - typist.base) / typist.length);
        for (let edit = from; edit < to; edit++) (typist.times[edit] ??= []).push(at);
      };
      // Whichever is smaller: the typists, or the clients this transaction's document knows.
      if (this.tracked.size < afterState.size) {
        for (const typist of this.tracked.values()) {
          const after = afterState.get(typist.client);
          if (after !== undefined) visit(typist, after);
        }
      } else {
        for (const [client, after] of afterState) {
          const typist = this.tracked.get(client);
          if (typist) visit(typist, after);
        }
      }
    });
  }

  arrivals(): Arrivals[] {
    return [...this.tracked.values()].map(({ client, times }) => ({
      client,
      times: Array.from(times, (t) => t ?? []),
    }));
  }

  /** The typists being timed. */
  typists(): TrackedTypist[] {
    return [...this.tracked.values()].map(({ client, base, length, index, room }) => ({
      client,
      base,
      length,
      index,
      room,
    }));
  }
}
