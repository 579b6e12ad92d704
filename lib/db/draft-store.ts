/** A draft as listed: its identity and when it last changed (ms since epoch). */
export interface DraftSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
}

/** One stored Yjs update of a draft's log. */
export interface StoredUpdate {
  seq: number;
  data: Uint8Array;
}

/** What is stored of a draft's content: the latest snapshot and the log after it. */
export interface StoredDraftState {
  snapshot: { uptoSeq: number; data: Uint8Array } | null;
  updates: StoredUpdate[];
}

/** A Yjs client id of a draft and the user who first wrote under it. */
export interface ClientClaim {
  clientId: number;
  userId: string;
}

/** Stored data failed its integrity check (a torn or altered row). */
export class StorageCorruptionError extends Error {
  constructor(
    readonly draftId: string,
    readonly where: string,
    reason: string,
  ) {
    super(`Draft ${draftId}: ${where} is corrupt: ${reason}`);
    this.name = 'StorageCorruptionError';
  }
}

/**
 * Persistence of drafts and their Yjs update logs. Promise-based so a
 * networked database can stand behind the same interface.
 */
export interface DraftStore {
  createDraft(input: {
    id: string;
    title: string;
    initialUpdate: Uint8Array;
  }): Promise<DraftSummary>;
  getDraft(id: string): Promise<DraftSummary | null>;
  /** Changes the title drafts are listed by (the header's title is in the document). */
  renameDraft(id: string, title: string): Promise<void>;
  listDrafts(): Promise<DraftSummary[]>;
  /** The snapshot and later updates, integrity-checked; `null` when the draft does not exist. */
  loadDraftState(id: string): Promise<StoredDraftState | null>;
  /**
   * Appends updates in one durable transaction, with the client ids they
   * claim for their users (first claim wins); resolves to the last sequence number.
   */
  appendUpdates(
    id: string,
    updates: readonly Uint8Array[],
    claims?: readonly ClientClaim[],
  ): Promise<number>;
  /** Who owns each Yjs client id that wrote to the draft (user ids). */
  clientOwners(id: string): Promise<Map<number, string>>;
  /**
   * How many commits the store made for how many writes (group commit: many
   * drafts' writes of one turn in one commit); logged when the server stops.
   */
  commitStats?(): { commits: number; writes: number };
  /** Replaces the snapshot and drops the log up to `uptoSeq`, in one transaction. */
  compact(id: string, snapshot: Uint8Array, uptoSeq: number): Promise<void>;
  /** Closes the database (a networked one once its connections are idle). */
  close(): void | Promise<void>;
}
