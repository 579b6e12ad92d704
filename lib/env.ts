import { z } from 'zod';

/** A yes/no setting: `true`/`1` or `false`/`0`. */
const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'use true or false' })
  .default('false')
  .transform((value) => value === 'true' || value === '1');

/** The sign-in limiter expires its counts with setTimeout, which cannot wait longer (24.8 days). */
const LONGEST_LIMITER_SECONDS = 24 * 24 * 60 * 60;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_PATH: z.string().min(1).default('data/concord.db'),
  /**
   * `full`: every change is fsynced before it is relayed (survives a power cut);
   * `normal`: written to the database's log before it is relayed (survives a
   * crash of the server, not of the machine), about 1 ms faster per change.
   */
  DATABASE_SYNC: z.enum(['full', 'normal'], { message: 'use full or normal' }).default('full'),
  /**
   * PostgreSQL instead of the SQLite file at `DATABASE_PATH` (which is then unused), e.g.
   * postgres://concord:secret@db.example.org:5432/concord; needed by several processes.
   */
  DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\//,
      'use postgres://user:password@host:5432/database (or postgresql://)',
    )
    .optional(),
  /** How many connections each process keeps to PostgreSQL at most. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  COLLAB_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  /** A peer with this much unread data queued (a stalled consumer) is dropped. */
  COLLAB_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(32 * 1024 * 1024),
  /**
   * While everyone types at once, a draft's changes are relayed at most this
   * often (ms), merged, rather than every event-loop turn; 0 turns this off.
   */
  COLLAB_BUSY_RELAY_MS: z.coerce.number().int().min(0).max(100).default(15),
  /**
   * While everyone types at once, each delegate's cursor is relayed at most
   * this often (ms), its latest position when due; 0 turns this off.
   */
  COLLAB_BUSY_PRESENCE_MS: z.coerce.number().int().min(0).max(5000).default(1000),
  COLLAB_ROOM_RELEASE_MS: z.coerce.number().int().min(0).default(30_000),
  COLLAB_COMPACT_AFTER_UPDATES: z.coerce.number().int().min(1).default(500),
  /** How often open websockets re-check their session and role (revocation takes effect). */
  COLLAB_AUTH_RECHECK_MS: z.coerce.number().int().min(100).max(60_000).default(15_000),
  /** Signs session cookies; generated once and kept in the database when unset. */
  NEXTAUTH_SECRET: z.string().min(32, 'use at least 32 random characters').optional(),
  /** The address people use, e.g. https://concord.example.org (sets secure cookies). */
  PUBLIC_URL: z.url().optional(),
  /** Trust X-Forwarded-* headers (set only behind a reverse proxy that overwrites them). */
  TRUST_PROXY: flag,
  SESSION_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(12 * 60 * 60),
  /**
   * Failed sign-ins for one username from one address before each next
   * attempt of that pair waits 1 s, 2 s, 4 s … (failures elsewhere never slow it).
   */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  /** The longest of those waits. */
  SIGN_IN_MAX_DELAY_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(LONGEST_LIMITER_SECONDS)
    .default(15 * 60),
  /** Failed sign-ins from one address, any usernames, before it is refused (shared NATs: high). */
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  /**
   * Failed sign-ins for one username from all addresses together (distributed
   * guessing) before it is refused, except at addresses it signed in from.
   */
  SIGN_IN_MAX_FAILURES_PER_USER: z.coerce.number().int().min(1).default(100),
  /** The window of the two caps above, and how long their refusal lasts. */
  SIGN_IN_LOCKOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(LONGEST_LIMITER_SECONDS)
    .default(15 * 60),
  /** Let the demo accounts (published passwords) sign in even when NODE_ENV=production. */
  ALLOW_DEMO_ACCOUNTS: flag,
  /**
   * Several Concord processes serving the same drafts (issue 24): the Redis
   * that holds which process owns each open draft (a lease) and the sign-in
   * counts. Needs `DATABASE_URL` (PostgreSQL), which every process shares.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'use redis://host:port (or rediss:// for TLS)')
    .optional(),
  /**
   * How long a process owns a draft without renewing (ms): when a process
   * dies, its drafts move to another one within this time.
   */
  CLUSTER_LEASE_MS: z.coerce.number().int().min(500).max(120_000).default(5000),
  /**
   * The address the other Concord processes reach this one at (they forward
   * the websockets and requests of the drafts it owns to it), e.g.
   * http://10.0.0.5:3000. Default: http://127.0.0.1:<PORT> when HOST is a
   * wildcard or loopback address, otherwise http://<HOST>:<PORT>.
   */
  CLUSTER_INTERNAL_URL: z.url().optional(),
  /** Prefix of every Redis key Concord writes (several deployments may share one Redis). */
  CLUSTER_KEY_PREFIX: z.string().min(1).max(100).default('concord:'),
});

export type Env = z.infer<typeof envSchema>;

/** Parses configuration; throws an error naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new Error(`Invalid environment configuration:\n${problems}`);
  }
  return result.data;
}

/** The validated configuration of this process. */
export const env: Env = parseEnv(process.env);
