import { Socket } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import { AmendmentAuditor } from './amendment-audit';
import { checkObjectsUpdate } from './proposal-rules';
import {
  ChangeRefusedError,
  checkEditorUpdate,
  MissingChangesError,
  type CheckedUpdate,
} from './update-rules';
import type { AuditStore } from '@/lib/db/audit-store';
import { delegationColor } from '@/lib/accounts/delegation-color';
import { can } from '@/lib/auth/roles';
import { amendmentModel } from '@/lib/collab/amendment-model';
import { headerMap } from '@/lib/collab/draft-header';
import { isUnderSilence } from '@/lib/collab/silence-state';
import {
  CloseCode,
  DOC_FIELDS,
  MAX_REFUSALS_PER_CONNECTION,
  MessageType,
  PROPOSALS_FIELD,
  UNSAVED_REASON,
  type AwarenessUser,
} from '@/lib/collab/protocol';
import { MAX_TITLE_LENGTH } from '@/lib/drafts/create-draft';
import type { ClientClaim, DraftStore } from '@/lib/db/draft-store';
import type { CollabPrincipal } from '../auth';
import type { LoadedDraft } from '@/lib/db/load-draft-doc';
import { log } from '../log';
import { stampAwarenessUpdate } from './awareness-identity';
import { MAX_PRESENCE_CLIENTS_PER_CONNECTION, PresenceLimiter } from './presence-limiter';
import { RelayPacer } from './relay-pacer';

/** A message the server cannot accept; the connection that sent it is closed. */
export class BadMessageError extends Error {
  override name = 'BadMessageError';
}

/** A change sent over a connection that may not change the draft (an observer's). */
export class ReadOnlyError extends Error {
  override name = 'ReadOnlyError';
}

/** One client connection: who it is and the awareness client ids it controls. */
interface Connection {
  principal: CollabPrincipal;
  user: AwarenessUser;
  clients: Set<number>;
  /**
   * Yjs client ids (documents) of this connection that had a change refused:
   * what they send afterwards may build on it, so it is dropped until the
   * client syncs a fresh document (which has a new client id).
   */
  refusedClients: Set<number>;
  refusals: number;
  /**
   * An update of this connection that builds on changes still on their way
   * (sent while the client reconnects, before its sync reply): tried again,
   * merged with what the connection sends next.
   */
  held: Uint8Array | null;
  /** Its presence budget, made with its first awareness message. */
  presence?: PresenceLimiter;
}

export interface DraftRoomOptions {
  /** How long a room with no connection stays in memory before it is released. */
  releaseAfterMs: number;
  /** Compact the update log into a snapshot once it holds this many entries. */
  compactAfterUpdates: number;
  /** Where amendments proposed and withdrawn, and status changes, are recorded (none: not recorded). */
  audit?: AuditStore;
  /** How long after a change the draft is looked at for the audit log. */
  auditDelayMs?: number;
  /**
   * A peer with this much sent but not yet read (a slow or stalled consumer) is
   * dropped rather than buffered without bound; it resyncs when it reconnects.
   */
  maxBufferedBytes?: number;
  /**
   * The shortest time (ms) between two relays while the room is busy (see
   * `relay-pacer.ts`); 0 or unset relays at the end of every event-loop turn.
   */
  busyHoldMs?: number;
  /**
   * The shortest time (ms) between two relays of one client's presence while
   * the room is busy (`relay-pacer.ts`); 0 or unset relays every change.
   */
  busyPresenceMs?: number;
}

interface PendingUpdate {
  update: Uint8Array;
  origin: WebSocket | null;
}

/**
 * Amendment records a delegation may have created whose text has not come yet
 * (an honest editor sends the record, then the text, a moment later).
 */
const MAX_RECORDS_AWAITING_TEXT = 50;

/** Why a change is refused while the draft is under silence (the server's changes go on). */
const SILENCE_REFUSAL = 'the text is under silence: nobody changes it until silence ends';

/** The most a connection's updates may wait for the changes they build on (then refused). */
const MAX_HELD_BYTES = 4 * 1024 * 1024;

function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * The TCP socket under a `ws` connection (`ws` keeps it in `_socket`), to
 * cork it while several frames are written; undefined if `ws` changes that.
 */
function underlyingSocket(ws: WebSocket): Socket | undefined {
  const socket = (ws as unknown as { _socket?: unknown })._socket;
  return socket instanceof Socket ? socket : undefined;
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/**
 * Refuses an update that does not decode, or that writes to a top-level field a
 * draft does not have (it would be stored and relayed to everyone otherwise).
 * Items attached to a top-level field name it; the others continue existing
 * content. Costs in proportion to the update, not the draft.
 * @returns whether the update is empty (changes nothing)
 */
function checkUpdate(
  update: Uint8Array,
  fields: ReadonlySet<string>,
  doc: Y.Doc,
): {
  empty: boolean;
  clients: Set<number>;
  /** The clock each client's items reach (their last clock + 1). */
  reach: Map<number, number>;
} {
  const decoded = Y.decodeUpdate(update);
  const clients = new Set<number>();
  const reach = new Map<number, number>();
  for (const struct of decoded.structs) {
    clients.add(struct.id.client);
    const end = struct.id.clock + struct.length;
    if (end > (reach.get(struct.id.client) ?? 0)) reach.set(struct.id.client, end);
    // Items the draft already holds change nothing: a page sends them again when it
    // replays its browser copy (the settings the server wrote among them).
    if (
      struct instanceof Y.Item &&
      typeof struct.parent === 'string' &&
      !fields.has(struct.parent) &&
      end > Y.getState(doc.store, struct.id.client)
    ) {
      throw new ChangeRefusedError(`the update writes to an unknown field "${struct.parent}"`);
    }
  }
  return {
    empty: decoded.structs.length === 0 && decoded.ds.clients.size === 0,
    clients,
    reach,
  };
}

function refusedMessage(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Refused);
  encoding.writeVarString(encoder, reason);
  return encoding.toUint8Array(encoder);
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** The flushes waiting for the end of this event-loop turn, of every room. */
let endOfTurn: (() => void)[] | null = null;

/**
 * Runs `flush` at the end of this turn (the check phase), with every other
 * room's flush of the turn, in one callback: their writes are then all queued
 * when the group commit runs, just after it (`lib/db/group-commit.ts`), and
 * everything that came in this turn is committed and relayed in this turn.
 */
function atEndOfTurn(flush: () => void): void {
  if (!endOfTurn) {
    endOfTurn = [];
    setImmediate(() => {
      const flushes = endOfTurn ?? [];
      endOfTurn = null;
      for (const run of flushes) run();
    });
  }
  endOfTurn.push(flush);
}

/** By default, a peer this far behind is dropped; it resyncs from the server when it reconnects. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/**
 * One open draft: its Y.Doc, the connections editing it and their awareness.
 *
 * Every update a client sends is applied to the doc, then written to the
 * store, and only once the write is durable relayed to the other clients.
 * Updates (and awareness changes) arriving in one event-loop turn are sent to
 * each peer as one message, and written in one transaction together with
 * those of every other open draft (`lib/db/group-commit.ts`); a busy room
 * waits a few milliseconds between such relays (`relay-pacer.ts`).
 */
export class DraftRoom {
  readonly doc: Y.Doc;
  /** Drafts whose amendments are objects (issue 19) are checked by `proposal-rules.ts`. */
  private readonly objects: boolean;
  /** The top-level fields an editor's update may write. */
  private readonly fields: ReadonlySet<string>;
  readonly awareness: awarenessProtocol.Awareness;
  private readonly connections = new Map<WebSocket, Connection>();
  /** Which connection controls each awareness client id. */
  private readonly owners = new Map<number, WebSocket>();
  private lastSeq: number;
  private updatesSinceSnapshot: number;
  private pending: PendingUpdate[] = [];
  private nextFlush: Promise<void> | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private changedAwareness = new Set<number>();
  private releaseTimer: NodeJS.Timeout | undefined;
  private renameTimer: NodeJS.Timeout | undefined;
  /** Sends presence changes held back in a busy room when they are due. */
  private presenceTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /**
   * A copy of the doc on which sponsors' updates are tried before they touch
   * the draft (`update-rules.ts`); made when first needed, rebuilt after a refusal.
   */
  private shadow: Y.Doc | null = null;
  private applyingChecked = false;
  /** The whole draft as a sync step 2 message, for joiners; dropped at each change. */
  private fullState: Uint8Array | null = null;
  private readonly auditor: AmendmentAuditor | null;
  private readonly pacer: RelayPacer;
  /** The user who owns each Yjs client id (stored with the first update written under it). */
  private readonly clientOwners: Map<number, string>;
  /** Client ids claimed since the last write, stored with the next batch of updates. */
  private pendingClaims: ClientClaim[] = [];
  /** Per delegation, the amendment records it created whose text has not arrived. */
  private readonly awaitingText = new Map<string, Set<string>>();

  constructor(
    readonly draftId: string,
    loaded: LoadedDraft,
    private readonly store: DraftStore,
    private readonly options: DraftRoomOptions,
    private readonly onClosed: (room: DraftRoom) => void,
  ) {
    this.doc = loaded.doc;
    this.objects = amendmentModel(this.doc) === 'objects';
    this.fields = this.objects ? new Set([...DOC_FIELDS, PROPOSALS_FIELD]) : DOC_FIELDS;
    this.lastSeq = loaded.lastSeq;
    this.updatesSinceSnapshot = loaded.updatesSinceSnapshot;
    this.clientOwners = loaded.clientOwners;
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.pacer = new RelayPacer({
      holdMs: options.busyHoldMs ?? 0,
      presenceEveryMs: options.busyPresenceMs ?? 0,
    });
    this.auditor = options.audit
      ? new AmendmentAuditor(draftId, this.doc, options.audit, options.auditDelayMs ?? 2000)
      : null;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.fullState = null;
      // The copy follows every change, except the one just checked on it.
      if (this.shadow && !this.applyingChecked) Y.applyUpdate(this.shadow, update);
      const connection = this.connections.get(origin as WebSocket);
      this.pending.push({ update, origin: connection ? (origin as WebSocket) : null });
      if (connection) {
        const { user } = connection.principal;
        this.auditor?.changed(
          { userId: user.id, name: user.displayName, delegation: user.delegation.code },
          origin,
        );
      }
      void this.scheduleFlush().catch(() => undefined);
    });
    this.awareness.on('update', this.onAwarenessUpdate);
    headerMap(this.doc).observe(this.onHeaderChange);
    // Released unless a connection arrives, e.g. when the first one closed while loading.
    this.scheduleRelease();
  }

  private send(ws: WebSocket, message: Uint8Array): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > (this.options.maxBufferedBytes ?? MAX_BUFFERED_BYTES)) {
      const connection = this.connections.get(ws);
      log.warn('dropping a peer that does not read what it is sent', {
        draft: this.draftId,
        user: connection?.principal.user.username,
        buffered: ws.bufferedAmount,
      });
      ws.terminate();
      return;
    }
    ws.send(message, (error) => {
      if (error) ws.terminate();
    });
  }

  /** Starts the sync handshake with a newly connected client. */
  addConnection(ws: WebSocket, principal: CollabPrincipal): void {
    if (this.closed) {
      ws.close(CloseCode.ServerShutdown, 'draft reloading; reconnect');
      return;
    }
    clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    const { user, role } = principal;
    this.connections.set(ws, {
      principal,
      clients: new Set(),
      refusedClients: new Set(),
      refusals: 0,
      held: null,
      user: {
        name: user.displayName,
        delegation: user.delegation.code,
        color: delegationColor(user.delegation.code),
        role,
      },
    });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    this.send(ws, encoding.toUint8Array(encoder));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) this.send(ws, awarenessMessage(this.awareness, states));
  }

  removeConnection(ws: WebSocket): void {
    const connection = this.connections.get(ws);
    if (!connection) return;
    this.connections.delete(ws);
    const clients = [...connection.clients];
    for (const client of clients) if (this.owners.get(client) === ws) this.owners.delete(client);
    awarenessProtocol.removeAwarenessStates(this.awareness, clients, null);
    if (this.connections.size === 0) this.scheduleRelease();
  }

  /**
   * Handles one binary message from `ws`.
   * @throws BadMessageError (or a decoding error) when the message is malformed.
   */
  handleMessage(ws: WebSocket, message: Uint8Array): void {
    if (this.closed) return;
    const connection = this.connections.get(ws);
    if (!connection) return;
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync:
        this.pacer.received(performance.now(), this.connections.size);
        this.handleSync(ws, connection, decoder);
        return;
      case MessageType.Awareness: {
        const now = performance.now();
        const limiter = this.presenceLimiter(connection);
        if (!this.admitPresence(ws, limiter, message.length, now)) return;
        // A page speaks for one client id; each one more would be another caret on every peer.
        const claimed = new Set(connection.clients);
        const mayClaim = (client: number) => {
          if (!claimed.has(client) && claimed.size >= MAX_PRESENCE_CLIENTS_PER_CONNECTION) {
            return false;
          }
          claimed.add(client);
          return true;
        };
        // Identity comes from the session, and nobody speaks for another user's client.
        const stamped = stampAwarenessUpdate(
          decoding.readVarUint8Array(decoder),
          connection.user,
          (client, clock, removal) =>
            this.isNewer(client, clock, removal) &&
            this.mayControl(ws, connection, client) &&
            mayClaim(client),
          (_client, reason) => limiter.dropped(reason, now),
        );
        // Echoes count too, but only towards the presence throttle (relay-pacer.ts): the stock
        // provider sends back each state it receives, so a room of 200 gets 200 echoes of every
        // state it relays, and throttling presence cuts that traffic both ways.
        this.pacer.received(performance.now(), this.connections.size, stamped !== null);
        if (stamped) awarenessProtocol.applyAwarenessUpdate(this.awareness, stamped, ws);
        return;
      }
      case MessageType.QueryAwareness: {
        this.pacer.received(performance.now(), this.connections.size, false);
        // A one-byte query answered with everyone's presence: it spends the budget of the reply.
        const reply = awarenessMessage(this.awareness, [...this.awareness.getStates().keys()]);
        const limiter = this.presenceLimiter(connection);
        if (this.admitPresence(ws, limiter, reply.length, performance.now())) this.send(ws, reply);
        return;
      }
      default:
        throw new BadMessageError(`unknown message type ${type}`);
    }
  }

  private presenceLimiter(connection: Connection): PresenceLimiter {
    return (connection.presence ??= new PresenceLimiter({
      draft: this.draftId,
      user: connection.principal.user.username,
    }));
  }

  /** Counts presence traffic of `bytes` against the connection's budget; closes it on abuse. */
  private admitPresence(
    ws: WebSocket,
    limiter: PresenceLimiter,
    bytes: number,
    now: number,
  ): boolean {
    const verdict = limiter.admit(bytes, now);
    if (verdict === 'close') ws.close(CloseCode.TooMuchPresence, 'too much presence');
    return verdict === 'accept';
  }

  /**
   * Runs `change` on the draft's document (a change made by the server, such
   * as a decision) and resolves once it is durably stored and sent to every
   * client; null when the room has closed meanwhile (the caller loads it again).
   */
  async change<T>(change: (doc: Y.Doc) => T): Promise<{ value: T } | null> {
    if (this.closed) return null;
    // A decision may come before the auditor's next look: the amendments it
    // decides go on the record as proposed first, with their text as it reads now.
    await this.auditor?.flush();
    if (this.closed) return null;
    const value = change(this.doc);
    await this.whenDurable();
    if (this.connections.size === 0) this.scheduleRelease();
    return { value };
  }

  /** Resolves once every update applied so far is durably stored. */
  whenDurable(): Promise<void> {
    return this.pending.length > 0 ? this.scheduleFlush() : this.inFlight;
  }

  /** Stores what is pending, then closes every connection and frees the room. */
  async close(
    code: number = CloseCode.ServerShutdown,
    reason = 'server shutting down',
  ): Promise<void> {
    if (this.closed) return;
    await this.whenDurable().catch(() => undefined);
    await this.auditor?.flush();
    this.shutDown(code, reason);
  }

  /**
   * Closes at once, without storing what is pending: another process owns the
   * draft now (its lease moved, issue 24). The clients still hold what was
   * pending and send it to the new owner when they reconnect.
   */
  abandon(code: number, reason: string): void {
    this.shutDown(code, reason);
  }

  /** Whether an awareness entry would change the room's state (y-protocols' rule). */
  private isNewer(client: number, clock: number, removal: boolean): boolean {
    const known = this.awareness.meta.get(client)?.clock ?? 0;
    return known < clock || (known === clock && removal && this.awareness.states.has(client));
  }

  private mayControl(ws: WebSocket, connection: Connection, client: number): boolean {
    const owner = this.owners.get(client);
    if (owner === undefined || owner === ws) return true;
    // The same user reconnecting before the server noticed the old socket drop.
    return this.connections.get(owner)?.principal.user.id === connection.principal.user.id;
  }

  /**
   * The reply to a client's state vector: what it lacks. A client with nothing
   * (a joiner without a local copy) gets the whole draft, encoded once per
   * change of the draft rather than once per joiner.
   */
  private syncStep2(stateVector: Uint8Array): Uint8Array {
    const empty = stateVector.length === 1 && stateVector[0] === 0;
    if (empty && this.fullState) return this.fullState;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeSyncStep2(encoder, this.doc, stateVector);
    const reply = encoding.toUint8Array(encoder);
    if (empty) this.fullState = reply;
    return reply;
  }

  private handleSync(ws: WebSocket, connection: Connection, decoder: decoding.Decoder): void {
    const kind = decoding.readVarUint(decoder);
    if (kind === syncProtocol.messageYjsSyncStep1) {
      const reply = this.syncStep2(decoding.readVarUint8Array(decoder));
      // The reply may hold updates still being written: send it once they are durable.
      this.whenDurable().then(
        () => this.send(ws, reply),
        () => undefined,
      );
    } else if (
      kind === syncProtocol.messageYjsSyncStep2 ||
      kind === syncProtocol.messageYjsUpdate
    ) {
      this.handleUpdate(ws, connection, decoder);
    } else {
      throw new BadMessageError(`unknown sync message type ${kind}`);
    }
  }

  /**
   * Applies a client's update, if its role allows it: a sponsor's is tried on
   * the copy first (`update-rules.ts`). A refused update (garbled, or against
   * the rules) is neither stored nor relayed; the sender gets a Refused message
   * with the reason and keeps its connection, to sync a fresh copy.
   */
  private handleUpdate(ws: WebSocket, connection: Connection, decoder: decoding.Decoder): void {
    let update: Uint8Array;
    let clients = new Set<number>();
    let reach = new Map<number, number>();
    try {
      update = decoding.readVarUint8Array(decoder);
      if (connection.held) {
        update = Y.mergeUpdates([connection.held, update]);
        connection.held = null;
      }
      const checked = checkUpdate(update, this.fields, this.doc);
      if (checked.empty) return;
      clients = checked.clients;
      reach = checked.reach;
    } catch (error) {
      const reason = error instanceof ChangeRefusedError ? error.message : String(error);
      this.refuse(ws, connection, `the update could not be read (${reason})`, clients);
      return;
    }
    const { role, user } = connection.principal;
    if (!can(role, 'edit') || (role !== 'sponsor' && role !== 'facilitator')) {
      throw new ReadOnlyError(`a ${role} may not change the draft`);
    }
    if ([...clients].some((client) => connection.refusedClients.has(client))) {
      // Sent before the client learnt of the refusal, maybe built on it: it resyncs anyway.
      return;
    }
    if (isUnderSilence(this.doc)) {
      this.refuse(ws, connection, SILENCE_REFUSAL, clients);
      return;
    }
    try {
      const claims = this.claimsOf(reach, user.id);
      const checked = this.checkOnShadow(update, connection, role);
      this.applyingChecked = true;
      try {
        Y.applyUpdate(this.doc, update, ws);
      } finally {
        this.applyingChecked = false;
      }
      for (const claim of claims) this.clientOwners.set(claim.clientId, claim.userId);
      this.pendingClaims.push(...claims);
      this.auditor?.proposed(
        checked.createdRecords,
        { userId: user.id, name: user.displayName, delegation: user.delegation.code },
        Date.now(),
      );
    } catch (error) {
      if (error instanceof MissingChangesError && update.byteLength <= MAX_HELD_BYTES) {
        connection.held = update;
        return;
      }
      if (!(error instanceof ChangeRefusedError)) {
        log.error('an update failed to apply', { draft: this.draftId, reason: String(error) });
      }
      const reason =
        error instanceof ChangeRefusedError ? error.message : 'the update could not be applied';
      this.refuse(ws, connection, reason, clients);
    }
  }

  /**
   * The client ids an update writes new items under, which its user may use:
   * its own, or ids nobody has written under (claimed for the user when the
   * update is stored). Ids written before owners were recorded are claimed by
   * the first user who writes under them again.
   * @throws ChangeRefusedError for an id another user owns
   */
  private claimsOf(reach: Map<number, number>, userId: string): ClientClaim[] {
    const claims: ClientClaim[] = [];
    for (const [clientId, end] of reach) {
      if (end <= Y.getState(this.doc.store, clientId)) continue;
      const owner = this.clientOwners.get(clientId);
      if (owner === userId) continue;
      if (owner !== undefined) {
        throw new ChangeRefusedError(
          'the change is written under another editor’s identity (Yjs client id)',
        );
      }
      claims.push({ clientId, userId });
    }
    return claims;
  }

  /**
   * Tells the sender its change was refused, and why; drops what its document
   * sends until it resyncs. Too many refusals on one connection close it.
   */
  private refuse(
    ws: WebSocket,
    connection: Connection,
    reason: string,
    clients: Set<number>,
  ): void {
    connection.refusals++;
    for (const client of clients) connection.refusedClients.add(client);
    log.warn('change refused', {
      draft: this.draftId,
      user: connection.principal.user.username,
      delegation: connection.principal.user.delegation.code,
      reason,
    });
    if (connection.refusals > MAX_REFUSALS_PER_CONNECTION) {
      throw new ChangeRefusedError(`too many refused changes (last: ${reason})`);
    }
    this.send(ws, refusedMessage(reason));
  }

  /**
   * Tries an editor's update on the copy (`update-rules.ts`), and keeps count
   * of the delegation's amendment records still without text; throws (and
   * restores the copy) when it is refused.
   */
  private checkOnShadow(
    update: Uint8Array,
    connection: Connection,
    role: 'sponsor' | 'facilitator',
  ): CheckedUpdate {
    this.shadow ??= copyOf(this.doc);
    const { user } = connection.principal;
    const delegation = user.delegation.code;
    try {
      const check = this.objects ? checkObjectsUpdate : checkEditorUpdate;
      const checked = check(this.doc, this.shadow, update, {
        userId: user.id,
        name: user.displayName,
        delegation,
        role,
      });
      const waiting = this.awaitingText.get(delegation);
      // Most changes (keystrokes) create no record while none waits: nothing to count.
      if (checked.createdRecords.length === 0 && !waiting?.size) return checked;
      const awaiting = new Set(waiting);
      for (const id of checked.createdRecords) awaiting.add(id);
      for (const id of checked.mentioned) awaiting.delete(id);
      if (awaiting.size > MAX_RECORDS_AWAITING_TEXT) {
        throw new ChangeRefusedError(
          `at most ${MAX_RECORDS_AWAITING_TEXT} amendment records may wait for their text`,
        );
      }
      this.awaitingText.set(delegation, awaiting);
      return checked;
    } catch (error) {
      this.shadow.destroy();
      this.shadow = copyOf(this.doc);
      throw error;
    }
  }

  private scheduleFlush(): Promise<void> {
    if (this.nextFlush) return this.nextFlush;
    const flush = this.inFlight
      .then(
        () =>
          new Promise<void>((resolve) => {
            // The end of this turn, or later while the room is busy (relay-pacer.ts).
            const delay = this.pacer.delay(performance.now());
            if (delay > 0) setTimeout(resolve, delay);
            else atEndOfTurn(resolve);
          }),
      )
      .then(() => {
        this.pacer.relayed(performance.now());
        this.nextFlush = null;
        return this.writePending();
      });
    this.nextFlush = flush;
    this.inFlight = flush.catch(() => undefined);
    return flush;
  }

  private async writePending(): Promise<void> {
    const batch = this.pending;
    const claims = this.pendingClaims;
    this.pending = [];
    this.pendingClaims = [];
    if (this.closed) return;
    // A turn may bring presence changes only: nothing to store then.
    if (batch.length > 0) {
      try {
        this.lastSeq = await this.store.appendUpdates(
          this.draftId,
          batch.map((entry) => entry.update),
          claims,
        );
      } catch (error) {
        log.error('could not store updates; closing the draft', {
          draft: this.draftId,
          updates: batch.length,
          reason: String(error),
        });
        this.shutDown(CloseCode.StorageError, UNSAVED_REASON);
        throw error;
      }
      this.updatesSinceSnapshot += batch.length;
    }
    this.relay(batch);
    if (this.updatesSinceSnapshot >= this.options.compactAfterUpdates) await this.compact();
  }

  /**
   * Sends the turn's updates, merged into one message, and the turn's presence
   * changes (those due, see `duePresence`) to every connection, their senders
   * included: encoding one message per sender (everything but its own updates)
   * costs O(senders × batch) when everyone types, while a client receiving its
   * own update back applies nothing (Yjs skips what it has). A keystroke and
   * the cursor move that goes with it reach each peer in one write to its socket.
   */
  private relay(batch: readonly PendingUpdate[]): void {
    const present = this.duePresence();
    if (this.connections.size === 0) return;
    const update =
      batch.length === 0
        ? null
        : syncUpdateMessage(
            batch.length === 1 && batch[0]
              ? batch[0].update
              : Y.mergeUpdates(batch.map((e) => e.update)),
          );
    const presence = present.length > 0 ? awarenessMessage(this.awareness, present) : null;
    if (!update && !presence) return;
    for (const ws of this.connections.keys()) {
      const socket = underlyingSocket(ws);
      socket?.cork();
      if (update) this.send(ws, update);
      if (presence) this.send(ws, presence);
      socket?.uncork();
    }
  }

  /**
   * The clients whose presence changes go out with this relay: all of them,
   * except, in a busy room, those relayed less than `presenceEveryMs` ago
   * (`relay-pacer.ts`), which stay pending and go out, latest state only, when due.
   */
  private duePresence(): number[] {
    const now = performance.now();
    const due: number[] = [];
    let wait = Number.POSITIVE_INFINITY;
    for (const client of this.changedAwareness) {
      const present = this.awareness.states.has(client);
      const delay = present ? this.pacer.presenceDelay(client, now) : 0;
      if (delay > 0) {
        wait = Math.min(wait, delay);
        continue;
      }
      this.changedAwareness.delete(client);
      this.pacer.presenceRelayed(client, present ? now : null);
      due.push(client);
    }
    if (wait < Number.POSITIVE_INFINITY && !this.presenceTimer && !this.closed) {
      this.presenceTimer = setTimeout(() => {
        this.presenceTimer = undefined;
        void this.scheduleFlush().catch(() => undefined);
      }, wait);
    }
    return due;
  }

  private async compact(): Promise<void> {
    const uptoSeq = this.lastSeq;
    try {
      await this.store.compact(this.draftId, Y.encodeStateAsUpdate(this.doc), uptoSeq);
      this.updatesSinceSnapshot = 0;
    } catch (error) {
      // The log still holds every update, so nothing is lost; try again later.
      log.warn('compaction failed', { draft: this.draftId, reason: String(error) });
    }
  }

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const ws = origin as WebSocket;
    const controlled = this.connections.get(ws)?.clients;
    if (controlled) {
      for (const client of [...changes.added, ...changes.updated]) {
        const previous = this.owners.get(client);
        if (previous !== ws) this.connections.get(previous as WebSocket)?.clients.delete(client);
        this.owners.set(client, ws);
        controlled.add(client);
      }
      for (const client of changes.removed) {
        controlled.delete(client);
        if (this.owners.get(client) === ws) this.owners.delete(client);
      }
    }
    for (const client of [...changes.added, ...changes.updated, ...changes.removed]) {
      this.changedAwareness.add(client);
    }
    // Sent with the turn's updates, after them (see relay).
    void this.scheduleFlush().catch(() => undefined);
  };

  /** The draft list shows the header's title: keep the stored title in step (debounced). */
  private readonly onHeaderChange = (event: Y.YMapEvent<unknown>): void => {
    if (!event.keysChanged.has('title')) return;
    clearTimeout(this.renameTimer);
    this.renameTimer = setTimeout(() => this.storeTitle(), 1000);
  };

  private storeTitle(): void {
    this.renameTimer = undefined;
    const title = headerMap(this.doc).get('title');
    if (typeof title !== 'string' || !title.trim()) return;
    this.store
      .renameDraft(this.draftId, title.trim().slice(0, MAX_TITLE_LENGTH))
      .catch((error) =>
        log.warn('could not rename the draft', { draft: this.draftId, reason: String(error) }),
      );
  }

  private scheduleRelease(): void {
    if (this.closed) return;
    clearTimeout(this.releaseTimer);
    this.releaseTimer = setTimeout(() => void this.release(), this.options.releaseAfterMs);
  }

  private async release(): Promise<void> {
    if (this.closed || this.connections.size > 0) return;
    await this.whenDurable().catch(() => undefined);
    await this.auditor?.flush();
    if (this.updatesSinceSnapshot > 0 && !this.closed) await this.compact();
    // Someone may have joined while we were writing.
    if (this.connections.size > 0) return;
    this.shutDown(CloseCode.ServerShutdown, 'released');
  }

  private shutDown(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.releaseTimer);
    clearTimeout(this.presenceTimer);
    if (this.renameTimer) {
      clearTimeout(this.renameTimer);
      this.storeTitle();
    }
    headerMap(this.doc).unobserve(this.onHeaderChange);
    for (const ws of this.connections.keys()) ws.close(code, reason);
    this.connections.clear();
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.shadow?.destroy();
    this.auditor?.destroy();
    this.doc.destroy();
    this.onClosed(this);
  }
}
