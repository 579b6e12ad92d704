/**
 * Start-up and idle memory (issue 20): starts each server several times,
 * alternating, and prints per server the median time from spawn to its first
 * answer and its resident memory once idle. The first answer is the same for
 * every server: a websocket client (the stock provider of that server) sends
 * sync step 1 for a document and receives sync step 2. For Concord the
 * client is signed in and the document is the demo's real UN draft, read from
 * SQLite; the baselines answer with an empty in-memory document. The full
 * Concord server (with Next.js) is then also asked for the sign-in page.
 * Needs `npm run build` (it refuses a missing or stale build).
 *
 *   npm run bench -- startup [--runs 5] [--idle-ms 1000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createDraftWithFacilitator } from '../lib/accounts/administration';
import { COLLAB_PATH } from '../lib/collab/protocol';
import { openSqliteStores } from '../lib/db/stores';
import { importResolutionFile } from '../lib/import/import-file';
import { SCHEMA_VERSION, SCHEMA_VERSION_PARAM } from '../lib/schema/schema-version';
import { builtServerEntry } from '../server/built-server';
import { addTestUser, signInCookie } from '../server/testing/accounts';
import {
  freePort,
  killOnExit,
  machineDescription,
  median,
  ROOT,
  rssMb,
  sleep,
  temporaryDir,
} from './harness';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'startup'),
  options: {
    runs: { type: 'string', default: '5' },
    'idle-ms': { type: 'string', default: '1000' },
  },
});
const runs = Number(values.runs);
const idleMs = Number(values['idle-ms']);

const FIXTURE = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';

interface Server {
  name: string;
  /** What is run, as a person would type it. */
  command: string;
  args: string[];
  env: Record<string, string>;
  protocol: 'concord' | 'y-websocket' | 'hocuspocus';
  /** Serves the web app: also asked for /sign-in once it has answered. */
  web: boolean;
}

interface Reading {
  firstAnswerMs: number;
  idleRssMb: number;
  firstPageMs?: number;
  pageRssMb?: number;
}

function concordServers(): Server[] {
  const built = (entry: string) => path.relative(ROOT, builtServerEntry(entry));
  const concord = (name: string, args: string[], web: boolean): Server => ({
    name,
    command: `node ${args.join(' ')}`,
    args,
    env: { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    protocol: 'concord',
    web,
  });
  return [
    concord('Concord collaboration, built', [built('server/collab-standalone.ts')], false),
    concord(
      'Concord collaboration, tsx',
      ['--import', 'tsx', 'server/collab-standalone.ts'],
      false,
    ),
    concord('Concord full (npm start), built', [built('server/index.ts')], true),
    concord('Concord full, tsx (npm start before)', ['--import', 'tsx', 'server/index.ts'], true),
  ];
}

function baselineServers(): Server[] {
  const hocuspocus = 'bench/load/hocuspocus-server.ts';
  return [
    {
      name: 'Hocuspocus, tsx (as bench/load runs it)',
      command: `node --import tsx ${hocuspocus}`,
      args: ['--import', 'tsx', hocuspocus],
      env: {},
      protocol: 'hocuspocus',
      web: false,
    },
    {
      // The file has no TypeScript syntax, so Node runs its text as it is.
      name: 'Hocuspocus, plain node',
      command: `node --input-type=module -e "$(cat ${hocuspocus})"`,
      args: ['--input-type=module', '-e', fs.readFileSync(path.join(ROOT, hocuspocus), 'utf8')],
      env: {},
      protocol: 'hocuspocus',
      web: false,
    },
    {
      name: 'y-websocket server',
      command: 'node node_modules/@y/websocket-server/src/server.js',
      args: ['node_modules/@y/websocket-server/src/server.js'],
      env: {},
      protocol: 'y-websocket',
      web: false,
    },
  ];
}

/** A database with one signed-in user whose delegation facilitates the demo's draft. */
async function prepareDatabase(dir: string): Promise<{ draftId: string; cookie: string }> {
  const file = path.join(dir, 'concord.db');
  await addTestUser(file, { username: 'startup', delegation: 'SU', delegationName: 'Start-up' });
  const { document } = importResolutionFile(
    path.basename(FIXTURE),
    fs.readFileSync(path.join(ROOT, FIXTURE), 'utf8'),
  );
  const stores = openSqliteStores(file);
  let draftId: string;
  try {
    const title = 'Enhancement of international cooperation in the field of human rights';
    draftId = (
      await createDraftWithFacilitator(stores, {
        title,
        body: document.body,
        header: { ...document.header, title },
        facilitator: 'SU',
      })
    ).id;
  } finally {
    stores.close();
  }
  return { draftId, cookie: (await signInCookie(file, 'startup', 3600)).cookie };
}

/** Resolves once something accepts TCP connections on the port (tried every 5 ms). */
async function portOpen(port: number, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error('the server exited');
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(5);
  }
}

/** `ws` as the providers' WebSocket (Node 20 has none of its own). */
const nodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

/** `ws` sending the session cookie, as a browser does for the page's site. */
function cookieWebSocket(cookie: string): typeof globalThis.WebSocket {
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  return CookieWebSocket as unknown as typeof globalThis.WebSocket;
}

/** Connects the server's stock provider and resolves once it has received sync step 2. */
function firstSync(
  server: Server,
  port: number,
  concord: { draftId: string; cookie: string },
): Promise<void> {
  const doc = new Y.Doc();
  return new Promise<void>((resolve, reject) => {
    let destroy = () => {};
    const timer = setTimeout(() => {
      destroy();
      reject(new Error(`${server.name}: no sync within 60 s`));
    }, 60_000);
    const synced = () => {
      clearTimeout(timer);
      destroy();
      doc.destroy();
      resolve();
    };
    if (server.protocol === 'hocuspocus') {
      const socket = new HocuspocusProviderWebsocket({
        url: `ws://127.0.0.1:${port}`,
        WebSocketPolyfill: nodeWebSocket,
      });
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name: 'startup',
        document: doc,
      });
      provider.on('synced', synced);
      provider.attach();
      destroy = () => {
        provider.destroy();
        socket.destroy();
      };
      return;
    }
    const isConcord = server.protocol === 'concord';
    const provider = new WebsocketProvider(
      isConcord ? `ws://127.0.0.1:${port}${COLLAB_PATH}` : `ws://127.0.0.1:${port}`,
      isConcord ? concord.draftId : 'startup',
      doc,
      {
        WebSocketPolyfill: isConcord ? cookieWebSocket(concord.cookie) : nodeWebSocket,
        disableBc: true,
        params: isConcord ? { [SCHEMA_VERSION_PARAM]: String(SCHEMA_VERSION) } : {},
      },
    );
    provider.on('sync', (isSynced: boolean) => isSynced && synced());
    destroy = () => provider.destroy();
  });
}

async function measure(
  server: Server,
  template: string,
  concord: { draftId: string; cookie: string },
): Promise<Reading> {
  const run = temporaryDir('concord-startup-run-');
  for (const name of fs.readdirSync(template)) {
    fs.copyFileSync(path.join(template, name), path.join(run.dir, name));
  }
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(process.execPath, server.args, {
    cwd: ROOT,
    env: {
      ...process.env,
      ...server.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_PATH: path.join(run.dir, 'concord.db'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await portOpen(port, child);
    await firstSync(server, port, concord);
    const reading: Reading = { firstAnswerMs: performance.now() - startedAt, idleRssMb: 0 };
    await sleep(idleMs);
    reading.idleRssMb = rssMb(child.pid ?? 0);
    if (server.web) {
      const asked = performance.now();
      const page = await fetch(`http://127.0.0.1:${port}/sign-in`);
      await page.arrayBuffer();
      if (!page.ok) throw new Error(`/sign-in answered ${page.status}`);
      reading.firstPageMs = performance.now() - asked;
      await sleep(idleMs);
      reading.pageRssMb = rssMb(child.pid ?? 0);
    }
    return reading;
  } catch (error) {
    throw new Error(`${server.name}: ${error instanceof Error ? error.message : error}\n${output}`);
  } finally {
    child.kill('SIGTERM');
    await exited;
    run.remove();
  }
}

const figure = (values: number[], digits = 0) =>
  values.length ? median(values).toFixed(digits) : '–';

const servers = [...concordServers(), ...baselineServers()];
const template = temporaryDir('concord-startup-');
const concordDraft = await prepareDatabase(template.dir);
console.log(`Start-up: ${new Date().toISOString()}, ${runs} runs, idle ${idleMs} ms`);
console.log(`machine: ${machineDescription()}`);
const readings = new Map<Server, Reading[]>(servers.map((server) => [server, []]));
for (let round = 0; round < runs; round++) {
  // Each round starts with a different server, so none is always first after a pause.
  for (let i = 0; i < servers.length; i++) {
    const server = servers[(round + i) % servers.length] as Server;
    readings.get(server)?.push(await measure(server, template.dir, concordDraft));
  }
  process.stdout.write(`round ${round + 1}/${runs} done\n`);
}
template.remove();

console.log(
  '\nmedians; first answer = spawn → sync step 2 received; RSS = VmRSS after idling ' +
    `${idleMs} ms (then, for the web app, the first GET /sign-in and RSS after it)\n`,
);
console.log(
  '| server | command | first answer (ms) | idle RSS (MB) | first /sign-in (ms) | RSS after it (MB) |',
);
console.log('|---|---|--:|--:|--:|--:|');
for (const server of servers) {
  const list = readings.get(server) ?? [];
  const pages = list.flatMap((r) => (r.firstPageMs === undefined ? [] : [r.firstPageMs]));
  const pageRss = list.flatMap((r) => (r.pageRssMb === undefined ? [] : [r.pageRssMb]));
  console.log(
    `| ${server.name} | \`${server.command}\` | ${figure(list.map((r) => r.firstAnswerMs))} | ` +
      `${figure(list.map((r) => r.idleRssMb))} | ${figure(pages)} | ${figure(pageRss)} |`,
  );
}
