import type * as Y from 'yjs';
import { sharedNow } from '../harness';
import type { Arrivals, TrackedTypist } from './worker-protocol';

interface Tracked extends TrackedTypist {
  first: number[];
  last: number[];
  count: number[];
}

/**
 * Records when the edits of the timed typists reach each of a process's
 * clients. Every edit adds exactly `length` characters, so a typist's Yjs
 * clock tells which of its edits a document holds; each remote transaction's
 * before and after state vectors tell which arrived with it. Only the first
 * and last arrival of each edit, and how many clients it reached, are kept.
 */
export class ArrivalTracker {
  private tracked = new Map<number, Tracked>();

  setTypists(typists: readonly TrackedTypist[]): void {
    this.tracked = new Map(
      typists.map((typist) => [typist.client, { ...typist, first: [], last: [], count: [] }]),
    );
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
        for (let edit = from; edit < to; edit++) {
          typist.first[edit] = Math.min(typist.first[edit] ?? Infinity, at);
          typist.last[edit] = Math.max(typist.last[edit] ?? -Infinity, at);
          typist.count[edit] = (typist.count[edit] ?? 0) + 1;
        }
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
    return [...this.tracked.values()].map(({ client, first, last, count }) => ({
      client,
      first: Array.from(first, (t) => t ?? Number.NaN),
      last: Array.from(last, (t) => t ?? Number.NaN),
      count: Array.from(count, (c) => c ?? 0),
    }));
  }

  /** The typists being timed: their client ids. */
  clients(): number[] {
    return [...this.tracked.keys()];
  }
}
