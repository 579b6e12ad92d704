import pg from 'pg';
import { cpuSeconds } from '../harness';

/** CPU seconds of each PostgreSQL backend of one database at one moment, by pid. */
export type BackendCpu = Map<number, number>;

/**
 * The CPU seconds so far of each PostgreSQL process serving a connection to
 * the database at `url` (its backends, from `pg_stat_activity`, without the
 * one asking): the database's share of the work, which the Concord processes'
 * own CPU does not show. PostgreSQL's shared processes (WAL writer,
 * checkpointer) serve every database on the server and are not counted.
 */
export async function databaseBackendCpu(url: string): Promise<BackendCpu> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let pids: number[];
  try {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    pids = rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
  const cpu: BackendCpu = new Map();
  for (const pid of pids) {
    try {
      cpu.set(pid, cpuSeconds(pid));
    } catch {
      // Exited since the query.
    }
  }
  return cpu;
}

/**
 * CPU seconds the backends used between two samples: one that started since
 * counts from its start; one that ended in between is not counted (Concord's
 * pools keep their connections while the load runs).
 */
export function cpuBetween(before: BackendCpu, after: BackendCpu): number {
  let seconds = 0;
  for (const [pid, now] of after) seconds += now - (before.get(pid) ?? 0);
  return seconds;
}

/**
 * The PostgreSQL server behind `url` and what its commits wait for, for the
 * report: e.g. `PostgreSQL 15.20 at 127.0.0.1:5432 (synchronous_commit=on, fsync=on)`.
 */
export async function describePostgres(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const setting = async (name: string) =>
      (await client.query<{ setting: string }>('SELECT current_setting($1) AS setting', [name]))
        .rows[0]?.setting ?? '?';
    const version = (await setting('server_version')).split(' ')[0];
    const { hostname, port } = new URL(url);
    return (
      `PostgreSQL ${version} at ${hostname}:${port || '5432'} ` +
      `(synchronous_commit=${await setting('synchronous_commit')}, fsync=${await setting('fsync')}, ` +
      `shared_buffers=${await setting('shared_buffers')})`
    );
  } finally {
    await client.end();
  }
}
