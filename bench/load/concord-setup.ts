import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { loadDraftDoc } from '../../lib/db/load-draft-doc';
import { openSqliteStores } from '../../lib/db/stores';
import { newId } from '../../lib/schema/new-id';
import { signInCookie } from '../../server/testing/accounts';
import { createTestDatabase } from '../../server/testing/postgres';
import { inParallel, runCli, temporaryDir } from '../harness';
import type { AmendmentAuthorSpec } from './worker-protocol';

/** Password of the benchmark's users (piped to the CLI, never an argument). */
const PASSWORD = 'bench-password-not-secret';

/**
 * A database prepared once per benchmark through the real CLI: delegations,
 * one user each, a draft imported from a resolution text, every delegation
 * its facilitator, or its sponsor (then a delegation without users is the
 * facilitator). More drafts (a committee) are copies of the first, made
 * through the store API with the same text and grants: the CLI takes ~1.5 s
 * a call, and a draft of 20 delegations is 20 calls. Each run works on a copy
 * of the database, so every run starts the same: a copy of the SQLite file,
 * or a fresh PostgreSQL database into which the CLI imports the file's dump.
 */
export interface ConcordTemplate {
  /** The drafts; the first imported through the CLI, the others its copies. */
  draftIds: string[];
  usernames: string[];
  /** The users, in the order of `usernames`, as amendments record them. */
  authors: AmendmentAuthorSpec[];
  /** The draft as stored, as one Yjs update (what the baselines are seeded with). */
  initialUpdate: Uint8Array;
  /** A fresh copy of the database for one run; removed by its `cleanup`. */
  copy(): { file: string; cleanup: () => void };
  /**
   * A fresh PostgreSQL database (on the tests' server, see `createTestDatabase`)
   * holding the same rows, loaded from the template's dump by the CLI's
   * `import-db`; dropped by its `drop`. Only when prepared with `dump`.
   */
  postgresCopy(): Promise<{ url: string; drop: () => Promise<void> }>;
  cleanup(): void;
}

export async function prepareConcordTemplate(options: {
  delegations: number;
  /** How many drafts (1 unless a committee). */
  drafts: number;
  draftFile: string;
  title: string;
  role: 'facilitator' | 'sponsor';
  /** Also write the database to a dump (`export-db`), for PostgreSQL copies. */
  dump: boolean;
}): Promise<ConcordTemplate> {
  const template = temporaryDir('concord-bench-template-');
  const dir = template.dir;
  const file = path.join(dir, 'concord.db');
  const codes = Array.from(
    { length: options.delegations },
    (_, i) => `BD${String(i + 1).padStart(3, '0')}`,
  );
  const usernames = codes.map((code) => `bench-${code.toLowerCase()}`);
  // The schema is created by the first command; the others then run two at a time.
  const first = codes[0];
  if (!first) throw new Error('at least one delegation is needed');
  await runCli(file, ['delegation', 'add', first, 'Bench delegation 1']);
  await inParallel(codes, 2, async (code, i) => {
    if (i > 0) await runCli(file, ['delegation', 'add', code, `Bench delegation ${i + 1}`]);
    await runCli(
      file,
      ['user', 'add', usernames[i] ?? '', '--delegation', code, '--password-stdin'],
      PASSWORD,
    );
  });
  const facilitator = options.role === 'sponsor' ? 'BD000' : first;
  if (options.role === 'sponsor') {
    await runCli(file, ['delegation', 'add', facilitator, 'Bench facilitators']);
  }
  const created = await runCli(file, [
    'draft',
    'create',
    '--title',
    options.title,
    '--from',
    options.draftFile,
    '--facilitator',
    facilitator,
  ]);
  const draftId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(created)?.[0];
  if (!draftId) throw new Error(`no draft id in the CLI's answer:\n${created}`);
  await inParallel(options.role === 'sponsor' ? codes : codes.slice(1), 2, (code) =>
    runCli(file, ['draft', 'grant', draftId, code, options.role]),
  );

  const stores = openSqliteStores(file);
  let initialUpdate: Uint8Array;
  let authors: AmendmentAuthorSpec[];
  const draftIds = [draftId];
  try {
    const users = new Map((await stores.accounts.listUsers()).map((u) => [u.username, u]));
    authors = usernames.map((username, i) => {
      const user = users.get(username);
      if (!user) throw new Error(`the CLI did not create ${username}`);
      return { userId: user.id, name: username, delegation: codes[i] ?? '' };
    });
    const loaded = await loadDraftDoc(stores.drafts, draftId);
    if (!loaded) throw new Error('the draft just created is not in the database');
    initialUpdate = Y.encodeStateAsUpdate(loaded.doc);
    loaded.doc.destroy();
    const grants = await stores.accounts.listGrants(draftId);
    for (let n = 2; n <= options.drafts; n++) {
      const copy = await stores.drafts.createDraft({
        id: newId(),
        title: `${options.title} ${n}`,
        initialUpdate,
      });
      for (const grant of grants) {
        await stores.accounts.grantRole(copy.id, grant.delegation.code, grant.role);
      }
      draftIds.push(copy.id);
    }
  } finally {
    stores.close();
  }

  // Beside the template, not in its folder: `copy` copies the whole folder.
  const dump = options.dump ? temporaryDir('concord-bench-dump-') : undefined;
  const dumpFile = dump ? path.join(dump.dir, 'concord.jsonl') : undefined;
  if (dumpFile) await runCli(file, ['export-db', dumpFile]);

  return {
    draftIds,
    usernames,
    authors,
    initialUpdate,
    copy() {
      const run = temporaryDir('concord-bench-run-');
      for (const name of fs.readdirSync(dir)) {
        fs.copyFileSync(path.join(dir, name), path.join(run.dir, name));
      }
      return { file: path.join(run.dir, 'concord.db'), cleanup: run.remove };
    },
    async postgresCopy() {
      if (!dumpFile) throw new Error('the template was prepared without a dump');
      const database = await createTestDatabase();
      if (!database) throw new Error('no PostgreSQL server answers (see the message above)');
      try {
        await runCli(database.url, ['import-db', dumpFile]);
      } catch (error) {
        await database.drop();
        throw error;
      }
      return database;
    },
    cleanup() {
      template.remove();
      dump?.remove();
    },
  };
}

/**
 * `count` sessions, as signing in opens them (round robin over `usernames`):
 * each client has a session of its own, as each delegate's browser does.
 * `database`: a SQLite file's path or a PostgreSQL URL.
 */
export async function sessionCookies(
  database: string,
  usernames: readonly string[],
  count: number,
): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const username = usernames[i % usernames.length];
    if (!username) throw new Error('no users to sign in');
    cookies.push((await signInCookie(database, username, 4 * 3600)).cookie);
  }
  return cookies;
}
