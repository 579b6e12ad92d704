import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { loadDraftDoc } from '../../lib/db/load-draft-doc';
import { openSqliteStores } from '../../lib/db/stores';
import { signInCookie } from '../../server/testing/accounts';
import { inParallel, runCli, temporaryDir } from '../harness';

/** Password of the benchmark's users (piped to the CLI, never an argument). */
const PASSWORD = 'bench-password-not-secret';

/**
 * A database prepared once per benchmark through the real CLI: delegations,
 * one user each, a draft imported from a resolution text, every delegation
 * its facilitator. Each run works on a copy, so every run starts the same.
 */
export interface ConcordTemplate {
  draftId: string;
  usernames: string[];
  /** The draft as stored, as one Yjs update (what the baselines are seeded with). */
  initialUpdate: Uint8Array;
  /** A fresh copy of the database for one run; removed by its `cleanup`. */
  copy(): { file: string; cleanup: () => void };
  cleanup(): void;
}

export async function prepareConcordTemplate(options: {
  delegations: number;
  draftFile: string;
  title: string;
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
  const created = await runCli(file, [
    'draft',
    'create',
    '--title',
    options.title,
    '--from',
    options.draftFile,
    '--facilitator',
    first,
  ]);
  const draftId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(created)?.[0];
  if (!draftId) throw new Error(`no draft id in the CLI's answer:\n${created}`);
  await inParallel(codes.slice(1), 2, (code) =>
    runCli(file, ['draft', 'grant', draftId, code, 'facilitator']),
  );

  const stores = openSqliteStores(file);
  let initialUpdate: Uint8Array;
  try {
    const loaded = await loadDraftDoc(stores.drafts, draftId);
    if (!loaded) throw new Error('the draft just created is not in the database');
    initialUpdate = Y.encodeStateAsUpdate(loaded.doc);
    loaded.doc.destroy();
  } finally {
    stores.close();
  }

  return {
    draftId,
    usernames,
    initialUpdate,
    copy() {
      const run = temporaryDir('concord-bench-run-');
      for (const name of fs.readdirSync(dir)) {
        fs.copyFileSync(path.join(dir, name), path.join(run.dir, name));
      }
      return { file: path.join(run.dir, 'concord.db'), cleanup: run.remove };
    },
    cleanup: template.remove,
  };
}

/**
 * `count` sessions, as signing in opens them (round robin over `usernames`):
 * each client has a session of its own, as each delegate's browser does.
 */
export async function sessionCookies(
  databasePath: string,
  usernames: readonly string[],
  count: number,
): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const username = usernames[i % usernames.length];
    if (!username) throw new Error('no users to sign in');
    cookies.push((await signInCookie(databasePath, username, 4 * 3600)).cookie);
  }
  return cookies;
}
