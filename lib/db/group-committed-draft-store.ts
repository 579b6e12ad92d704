import type { ClientClaim } from './draft-store';
import type { DraftWrite } from './draft-writes';
import { GroupCommit, type Committer } from './group-commit';

/**
 * The draft writes every engine group-commits (`group-commit.ts`): appended updates,
 * compactions and titles of open drafts, those of one event-loop turn in one transaction.
 * Each engine's draft store extends it with its `Committer` and its reads.
 */
export abstract class GroupCommittedDraftStore {
  /** Commits the writes of each turn together; its counts are read by the benchmarks. */
  readonly group: GroupCommit<DraftWrite>;

  constructor(committer: Committer<DraftWrite>) {
    this.group = new GroupCommit(committer);
  }

  async renameDraft(id: string, title: string): Promise<void> {
    await this.group.run({ kind: 'rename', draftId: id, title });
  }

  /** Resolves with the last update's sequence number once the group holding it is committed. */
  async appendUpdates(
    id: string,
    updates: readonly Uint8Array[],
    claims: readonly ClientClaim[] = [],
  ): Promise<number> {
    return this.group.run({ kind: 'append', draftId: id, updates, claims, now: Date.now() });
  }

  commitStats(): { commits: number; writes: number } {
    return { commits: this.group.stats.groups, writes: this.group.stats.writes };
  }

  async compact(id: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
    await this.group.run({ kind: 'compact', draftId: id, snapshot, uptoSeq, now: Date.now() });
  }
}
