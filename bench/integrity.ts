/**
 * What the server's check of sponsors' changes (issue 6) costs: a
 * 300-paragraph draft (~100k characters), N sponsor delegations each typing an
 * amendment of its own at R keystrokes per second, against a real server
 * process on 127.0.0.1. The same load is run twice, once with every delegation
 * a sponsor (each update checked) and once with every delegation a
 * facilitator (nothing checked), and the server's CPU (user + system, from
 * /proc) is printed for both, with the ratio. The clients only send: they do
 * not apply what others type (so that the generator, not the server, is not
 * what is measured), and their records and marks are built as the editor's.
 *
 *   npm run bench -- integrity [--delegations 100] [--rate 2] [--seconds 20] [--paragraphs 300]
 */
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { amendmentsMap, newAmendmentMeta } from '../lib/amendments/model';
import { BODY_FIELD } from '../lib/collab/protocol';
import { createDraft } from '../lib/drafts/create-draft';
import { openSqliteStores } from '../lib/db/stores';
import { newId } from '../lib/schema/new-id';
import { randomInt, seededRandom } from '../lib/testing/seeded-random';
import { tempDatabasePath } from '../lib/testing/temp-database';
import { addTestUser, grantTestRole, signInCookie } from '../server/testing/accounts';
import { startConcordProcess } from '../server/testing/concord-process';
import { RawClient } from '../server/testing/raw-client';
import { cpuSeconds, rssMb } from './harness';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'integrity'),
  options: {
    delegations: { type: 'string', default: '100' },
    rate: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '20' },
    paragraphs: { type: 'string', default: '300' },
    seed: { type: 'string', default: '7' },
  },
});
const delegations = Number(values.delegations);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const paragraphs = Number(values.paragraphs);

const sentence =
  'Recognizes that the enhancement of international cooperation in the field of human rights is essential for the full achievement of the purposes of the United Nations, including the effective promotion and protection of all human rights;';

/** Runs the load with every delegation in `role`; returns the server's CPU share and counts. */
async function run(role: 'sponsor' | 'facilitator') {
  const temp = tempDatabasePath();
  const stores = openSqliteStores(temp.file);
  const draft = await createDraft(stores.drafts, {
    title: 'Integrity benchmark',
    body: {
      preamble: Array.from({ length: paragraphs / 3 }, () => [{ text: sentence }]),
      operative: Array.from({ length: paragraphs - paragraphs / 3 }, () => [{ text: sentence }]),
    },
  });
  stores.close();
  const codes = Array.from({ length: delegations }, (_, i) => `D${String(i).padStart(2, '0')}`);
  const users: { code: string; userId: string; cookie: string }[] = [];
  for (const code of codes) {
    await addTestUser(temp.file, { username: `user-${code.toLowerCase()}`, delegation: code });
    await grantTestRole(temp.file, draft.id, code, role);
  }
  const listing = openSqliteStores(temp.file);
  const ids = new Map((await listing.accounts.listUsers()).map((user) => [user.username, user.id]));
  listing.close();
  for (const code of codes) {
    users.push({
      code,
      userId: ids.get(`user-${code.toLowerCase()}`) ?? '',
      cookie: (await signInCookie(temp.file, `user-${code.toLowerCase()}`)).cookie,
    });
  }
  const server = await startConcordProcess({ databasePath: temp.file });
  const pid = server.child.pid ?? 0;
  const random = seededRandom(Number(values.seed));
  const clients: RawClient[] = [];
  for (const user of users) {
    const client = await RawClient.connect(server.wsUrl, draft.id, user.cookie);
    client.follow = false;
    clients.push(client);
  }
  // Each delegation types into its own amendment, at a place of its own.
  const typists = clients.map((client, index) => {
    const user = users[index];
    const body = client.doc.getXmlFragment(BODY_FIELD);
    const container = body.get(random() < 1 / 3 ? 0 : 1) as Y.XmlElement;
    const paragraph = container.get(randomInt(random, container.length)) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    return { client, user, text, at: randomInt(random, text.length), id: '', typed: 0 };
  });
  let sent = 0;
  const cpuBefore = cpuSeconds(pid);
  const started = Date.now();
  const interval = 1000 / rate;
  await new Promise<void>((resolve) => {
    const timers = typists.map((typist, index) =>
      setTimeout(
        () => {
          const timer = setInterval(() => {
            if (Date.now() - started > seconds * 1000) return;
            const { client, user } = typist;
            if (!user) return;
            client.change((doc) => {
              if (!typist.id) {
                typist.id = newId();
                amendmentsMap(doc).set(
                  typist.id,
                  newAmendmentMeta(
                    { userId: user.userId, name: `user-${user.code}`, delegation: user.code },
                    new Date().toISOString(),
                    [],
                  ),
                );
              }
              typist.text.insert(typist.at + typist.typed, 'x', {
                insertion: { suggestionId: typist.id, delegation: user.code },
              });
              typist.typed++;
            });
            sent++;
          }, interval);
          timers[index] = timer;
        },
        (index * interval) / typists.length,
      ),
    );
    setTimeout(
      () => {
        for (const timer of timers) clearTimeout(timer);
        resolve();
      },
      seconds * 1000 + 500,
    );
  });
  const elapsed = (Date.now() - started) / 1000;
  const cpu = cpuSeconds(pid) - cpuBefore;
  const rss = rssMb(pid);
  const refusals = clients.reduce((sum, client) => sum + client.refusals.length, 0);
  const received = clients.reduce((sum, client) => sum + client.receivedBytes, 0);
  for (const client of clients) client.close();
  await server.kill();
  temp.cleanup();
  return { cpuPercent: (100 * cpu) / elapsed, sent, refusals, rss, receivedMb: received / 1e6 };
}

console.log(
  `Integrity check cost: ${paragraphs} paragraphs, ${delegations} delegations typing ${rate}/s for ${seconds} s`,
);
const checked = await run('sponsor');
const unchecked = await run('facilitator');
for (const [name, result] of [
  ['sponsors (checked)', checked],
  ['facilitators (unchecked)', unchecked],
] as const) {
  console.log(
    `  ${name.padEnd(26)} server CPU ${result.cpuPercent.toFixed(1).padStart(5)} % of one core, ` +
      `RSS ${result.rss.toFixed(0)} MB, ${result.sent} edits sent, ${result.refusals} refused, ` +
      `${result.receivedMb.toFixed(1)} MB relayed to clients`,
  );
}
console.log(
  `  ratio checked ÷ unchecked CPU: ${(checked.cpuPercent / Math.max(unchecked.cpuPercent, 0.01)).toFixed(2)}`,
);
