import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the tests create their databases on (a superuser, or one allowed CREATE DATABASE). */
const ADMIN_URL =
  process.env.CONCORD_TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

/** A fresh database for one test file, and how to get rid of it. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

let warned = false;

/** `host:port` of a URL, never its password. */
function serverOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}`;
}

/**
 * Creates an empty database `concord_test_<random>` on the test server
 * (`CONCORD_TEST_POSTGRES_URL`, default `postgres://root@127.0.0.1:5432/postgres`).
 * Null when no server answers there, after saying so once on stderr: the
 * PostgreSQL tests are then skipped (`{ skip }`), visibly, rather than failing
 * on machines without PostgreSQL.
 */
export async function createTestDatabase(): Promise<TestDatabase | null> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    if (!warned) {
      warned = true;
      process.stderr.write(
        `PostgreSQL tests skipped: no server at ${serverOf(ADMIN_URL)} (set CONCORD_TEST_POSTGRES_URL)\n`,
      );
    }
    return null;
  }
  const name = `concord_test_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: ADMIN_URL });
      await dropper.connect();
      try {
        // WITH (FORCE): a pool a failed test left open must not keep the database alive.
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** Why a PostgreSQL test did not run, for node:test's `{ skip }`. */
export const POSTGRES_SKIPPED = 'no PostgreSQL server (set CONCORD_TEST_POSTGRES_URL)';
