/**
 * Load on the collaboration server (issue 8): headless clients with the stock
 * providers, signed in as delegation users created through the CLI, against
 * a real Concord server process on 127.0.0.1, and, with `--baseline`, the
 * same load in the same run against stock Hocuspocus and y-websocket servers,
 * alternating. See `USAGE` in `load-options.ts`, and bench/RESULTS.md.
 *
 *   npm run bench -- typing --clients 200 --typing 20 --rate 2 --baseline hocuspocus
 *   npm run bench -- committee --drafts 60 --clients 8 --typing 4 --baseline hocuspocus,y-websocket
 *   npm run bench -- committee --deployment sqlite,pg,pg-cluster
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { machineDescription, ROOT, stopAllChildren, temporaryDir } from '../harness';
import { concordLabel, startBackend } from './backends';
import { clientRooms } from './client-rooms';
import { prepareConcordTemplate } from './concord-setup';
import { profilesIn, topFunctions } from './cpu-profile';
import { draftDigest } from './draft-text';
import { parseLoadOptions, USAGE, type Deployment, type LoadOptions } from './load-options';
import { LoadRun } from './load-run';
import { describePostgres } from './postgres-probe';
import { comparisonTable, describeRun } from './report';
import { SCENARIO_RUNS, type RunResult } from './scenarios';
import { WorkerPool } from './worker-pool';
import type { BackendKind } from './worker-protocol';

/** The real UN draft of the demo (16 PPs, 17 OPs, footnotes). */
const FIXTURE = path.join(
  ROOT,
  'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md',
);

/** A resolution in the Markdown form the importer reads, with `paragraphs` short paragraphs. */
function generatedDraft(paragraphs: number): string {
  const preambular = Math.round(paragraphs / 3);
  const lines = [
    '# General Assembly',
    '',
    'Distr.: Limited',
    '',
    '## Seventy-ninth session',
    '',
    '#### **Load benchmark draft**',
    '',
    '*The General Assembly,*',
    '',
  ];
  for (let i = 1; i <= preambular; i++) lines.push(`*Recalling* its resolution ${i}/79,`, '');
  for (let i = 1; i <= paragraphs - preambular; i++) lines.push(`${i}. *Decides* to act;`, '');
  return lines.join('\n');
}

function sessionsNeeded(options: LoadOptions): number {
  if (options.scenario === 'latejoin') return options.clients + 2 * options.joiners;
  if (options.scenario === 'soak') {
    return options.clients + options.churn * (Math.ceil(options.churnLifeMs / 1000) + 2);
  }
  return options.drafts * options.clients;
}

/**
 * How many commits the server's draft writes took, as each Concord process
 * logs it when it stops (with several, in all and each); null when none did.
 */
function storageLine(outputs: string[]): string | null {
  const counts = outputs.flatMap((output) => {
    const logged = /draft writes committed commits=(\d+) writes=(\d+)/.exec(output);
    return logged ? [{ commits: Number(logged[1]), writes: Number(logged[2]) }] : [];
  });
  if (counts.length === 0) return null;
  const perCommit = (c: { commits: number; writes: number }) =>
    (c.writes / Math.max(c.commits, 1)).toFixed(2);
  const total = {
    commits: counts.reduce((s, c) => s + c.commits, 0),
    writes: counts.reduce((s, c) => s + c.writes, 0),
  };
  return (
    `storage: ${total.writes} draft writes in ${total.commits} commits ` +
    `(${perCommit(total)} per commit, group commit)` +
    (counts.length > 1
      ? `; ${counts.map((c, i) => `process ${i + 1}: ${c.writes} in ${c.commits} (${perCommit(c)})`).join(', ')}`
      : '')
  );
}

async function main(): Promise<void> {
  let options: LoadOptions;
  try {
    options = parseLoadOptions(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const startedAt = new Date();
  console.log(`Load benchmark: ${options.scenario}, ${startedAt.toISOString()}`);
  console.log(`machine: ${machineDescription()}`);
  console.log(`command: npm run bench -- ${process.argv.slice(2).join(' ')}`);
  console.log(
    (options.role === 'sponsor'
      ? 'Concord clients are sponsors (suggesting mode): each typist edits its own amendment, and ' +
        "the server checks every update with its sponsor rules; the baselines' clients make the " +
        'same marked edits. '
      : 'Concord clients are facilitators (editing mode): their edits are applied directly, not ' +
        "checked as amendments (the server's sponsor rules do not run). ") +
      'Each client has a session of ' +
      `its own, for ${options.delegations} delegation users created through the CLI. ` +
      `DATABASE_SYNC=${options.sync}: each change is ${options.sync === 'full' ? 'fsynced' : 'written to SQLite (not fsynced)'} before it is relayed.` +
      (options.busyRelayMs === undefined ? '' : ` COLLAB_BUSY_RELAY_MS=${options.busyRelayMs}.`) +
      (options.busyPresenceMs === undefined
        ? ''
        : ` COLLAB_BUSY_PRESENCE_MS=${options.busyPresenceMs}.`) +
      (options.stockAwareness
        ? " Concord's clients send back every presence state they receive (stock provider)."
        : ''),
  );
  if (options.scenario === 'committee') {
    console.log(
      `${options.drafts} drafts of ${options.clients} clients on one server (client i in draft ` +
        `⌊i / ${options.clients}⌋), the first ${Math.min(options.typing, options.clients)} of each ` +
        `draft typing at ${options.rate}/s; ${options.drafts * options.clients} clients over ` +
        `${options.procs} client processes (client i in process i % ${options.procs}). An edit is ` +
        "timed to the other clients of its draft; the baselines' clients seed each room with the draft.",
    );
  }
  if (options.deployments.some((d) => d !== 'sqlite')) {
    console.log(
      'Concord on PostgreSQL: each run on a fresh database of the PostgreSQL the tests use ' +
        '(CONCORD_TEST_POSTGRES_URL), holding the rows of the SQLite template (npm run cli -- ' +
        'export-db, then import-db); each process keeps up to DATABASE_POOL_SIZE connections (default 10). ' +
        'DATABASE_SYNC and --fsync-delay-us apply to SQLite only.' +
        (options.deployments.includes('pg-cluster')
          ? ' pg-cluster: two Concord processes on one database, sharing Redis ' +
            '(CONCORD_TEST_REDIS_URL, a key prefix of the run): each open draft is served by the ' +
            "process holding its lease, the one its first client reached; the other forwards its clients' " +
            'websockets there. In each draft the typists, and then the other clients, connect to the ' +
            'two processes in turn, so half of each go through the forwarding hop.'
          : ''),
    );
  }
  if (options.baselines.includes('hocuspocus')) {
    console.log(
      'Hocuspocus clients use @hocuspocus/provider: Hocuspocus 4 prefixes every message with the ' +
        'document name and waits for an Auth message, which the stock y-websocket provider does not speak.',
    );
  }

  // Concord runs as `npm start` runs it: the bundle of dist/server/, built now from the sources.
  console.log('building the server (npm run build:server)…');
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' });

  const work = temporaryDir('concord-bench-load-');
  let slowSync: string | undefined;
  if (options.fsyncDelayUs > 0) {
    slowSync = path.join(work.dir, 'slow-sync.so');
    execFileSync('cc', [
      '-shared',
      '-fPIC',
      '-O2',
      '-o',
      slowSync,
      path.join(ROOT, 'bench/load/slow-sync.c'),
      '-ldl',
    ]);
    console.log(
      `Concord's server waits ${options.fsyncDelayUs} µs more after each fsync (bench/load/slow-sync.c).`,
    );
  }
  let draftFile = FIXTURE;
  if (options.scenario === 'latejoin') {
    draftFile = path.join(work.dir, 'draft.md');
    fs.writeFileSync(draftFile, generatedDraft(options.paragraphs));
  }
  console.log(`preparing ${options.delegations} delegations, users and the draft through the CLI…`);
  const preparing = performance.now();
  const template = await prepareConcordTemplate({
    delegations: options.delegations,
    drafts: options.drafts,
    draftFile,
    title: 'Load benchmark',
    role: options.role,
    dump: options.deployments.some((d) => d !== 'sqlite'),
  });
  console.log(
    `prepared in ${((performance.now() - preparing) / 1000).toFixed(1)} s` +
      (options.drafts > 1
        ? `; drafts 2–${options.drafts} are copies of the first (its text and grants), ` +
          'made through the store API, not the CLI'
        : ''),
  );
  const rooms = clientRooms(template.draftIds, options.clients);
  const seedDoc = new Y.Doc();
  Y.applyUpdate(seedDoc, template.initialUpdate);
  const draft = { digest: draftDigest(seedDoc), update: template.initialUpdate };
  seedDoc.destroy();

  const results: RunResult[] = [];
  let postgresDescribed = false;
  try {
    // Concord in each deployment, then the baselines (which have none: `sqlite` is ignored).
    const order: { kind: BackendKind; deployment: Deployment; label: string }[] = [
      ...options.deployments.map((deployment) => ({
        kind: 'concord' as const,
        deployment,
        label: concordLabel(deployment),
      })),
      ...options.baselines.map((kind) => ({ kind, deployment: 'sqlite' as const, label: kind })),
    ];
    for (let round = 1; round <= options.rounds; round++) {
      for (const { kind, deployment, label } of order) {
        const profileDir = options.serverProfile
          ? path.resolve(options.serverProfile, `${options.scenario}-${label}-r${round}`)
          : undefined;
        // Preloads: the event-loop probe, a CPU profile on request, the heap probe for the soak.
        const preloads: string[] = [];
        const env: Record<string, string> = {};
        if (kind === 'concord') {
          env.DATABASE_SYNC = options.sync;
          if (options.busyRelayMs !== undefined) {
            env.COLLAB_BUSY_RELAY_MS = String(options.busyRelayMs);
          }
          if (options.busyPresenceMs !== undefined) {
            env.COLLAB_BUSY_PRESENCE_MS = String(options.busyPresenceMs);
          }
          if (slowSync && deployment === 'sqlite') {
            env.LD_PRELOAD = slowSync;
            env.SLOW_SYNC_US = String(options.fsyncDelayUs);
          }
        }
        if (profileDir) {
          preloads.push(path.join(ROOT, 'bench/load/server-profiler.ts'));
          env.BENCH_PROFILE_DIR = profileDir;
        }
        const heapFile =
          options.scenario === 'soak'
            ? path.join(os.tmpdir(), `concord-bench-heap-${process.pid}-${label}-${round}.json`)
            : undefined;
        if (heapFile) {
          preloads.push(path.join(ROOT, 'bench/load/server-heap.ts'));
          env.BENCH_HEAP_FILE = heapFile;
        }
        const loopDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-loop-'));
        preloads.push(path.join(ROOT, 'bench/load/server-loop.mjs'));
        env.BENCH_LOOP_DIR = loopDir;
        // tsx only for the TypeScript probes: it would add ~35 MB to the y-websocket server.
        if (preloads.some((preload) => preload.endsWith('.ts'))) preloads.unshift('tsx');
        env.NODE_OPTIONS = preloads.map((preload) => `--import ${preload}`).join(' ');
        const backend = await startBackend(kind, deployment, {
          template,
          rooms,
          sessions: sessionsNeeded(options),
          amend: options.role === 'sponsor',
          stockAwareness: options.stockAwareness,
          env,
        });
        if (backend.databaseUrl && !postgresDescribed) {
          postgresDescribed = true;
          console.log(
            await describePostgres(backend.databaseUrl).catch(
              (error: unknown) => `PostgreSQL: its settings could not be read (${String(error)})`,
            ),
          );
        }
        const clientProfileDir = options.clientProfile
          ? path.resolve(options.clientProfile, `${options.scenario}-${label}-r${round}`)
          : undefined;
        const pool = await WorkerPool.start(options.procs, clientProfileDir);
        try {
          const run = new LoadRun(backend, pool, options, draft, heapFile, loopDir);
          const result = {
            ...(await SCENARIO_RUNS[options.scenario](run, round)),
            backend: label,
            round,
          };
          results.push(result);
          console.log(`\n${describeRun(result)}`);
        } finally {
          await pool.stop();
          await backend.dispose();
          const storage = storageLine(backend.outputs?.() ?? []);
          if (storage) console.log(storage);
          if (heapFile) fs.rmSync(heapFile, { force: true });
          fs.rmSync(loopDir, { recursive: true, force: true });
        }
        const profiles = [
          ...(profileDir ? profilesIn(profileDir) : []).map((file) => ({ file, of: 'server' })),
          ...(clientProfileDir ? profilesIn(clientProfileDir) : []).map((file) => ({
            file,
            of: 'client process',
          })),
        ];
        for (const { file, of } of profiles) {
          const { idle, top } = topFunctions(file);
          console.log(
            `\n${of} CPU profile ${file} (whole process life, ${idle.toFixed(0)} % idle): ` +
              'self time by function, % of busy time',
          );
          for (const { share, name } of top)
            console.log(`  ${share.toFixed(1).padStart(5)} %  ${name}`);
        }
      }
    }
    console.log(`\n${comparisonTable(results)}`);
    if (options.json) {
      fs.writeFileSync(
        options.json,
        JSON.stringify(
          {
            startedAt,
            machine: machineDescription(),
            argv: process.argv.slice(2),
            options,
            results,
          },
          null,
          2,
        ),
      );
      console.log(`\nfigures written to ${options.json}`);
    }
  } finally {
    template.cleanup();
    work.remove();
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  await stopAllChildren();
}
