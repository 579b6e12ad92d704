import net from 'node:net';
import { test as base, expect, type Page } from '@playwright/test';
import type { DraftRole } from '../lib/auth/roles';
import type { AmendmentModel } from '../lib/collab/protocol';
import { openSqliteStores } from '../lib/db/stores';
import { createDraft } from '../lib/drafts/create-draft';
import type { ResolutionBody } from '../lib/schema/resolution-json';
import { tempDatabasePath } from '../lib/testing/temp-database';
import { addTestUser, grantTestRole, TEST_PASSWORD } from '../server/testing/accounts';
import { startConcordProcess, type ConcordProcess } from '../server/testing/concord-process';
import { DraftPage } from './pages/draft-page';

/** A real Concord (web app + websocket) on a random port with its own SQLite file. */
export interface ConcordServer {
  readonly baseURL: string;
  /** The server's SQLite file, for arranging what a test needs. */
  readonly databasePath: string;
  /** Kills the process (SIGKILL by default) and starts it again on the same port and database. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** Kills the process without starting it again. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  /** Creates a draft directly in the database (no role on it yet). */
  createDraft(
    title: string,
    body?: ResolutionBody,
    options?: { amendmentModel?: AmendmentModel },
  ): Promise<string>;
  /** Gives the account's delegation a role on a draft, as the Secretariat would. */
  grant(draftId: string, account: Account, role: DraftRole): Promise<void>;
  /** Creates the account (and its delegation) unless this server has it already. */
  ensureAccount(account: Account): Promise<void>;
}

/** A user of a delegation; created on first use, with the password `TEST_PASSWORD`. */
export interface Account {
  username: string;
  displayName: string;
  delegation: string;
  delegationName: string;
  secretariat?: boolean;
}

export interface Delegate {
  page: Page;
  draft: DraftPage;
  /** Console errors of this delegate's page so far. */
  consoleErrors: string[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

interface Fixtures {
  /**
   * Opens a new browser context (its own cookies and storage) and signs in
   * there, at `baseURL` (the server's by default; another address of it).
   */
  delegate: (account: Account, options?: { baseURL?: string }) => Promise<Delegate>;
  /** Records the page's console errors; the test fails on any not allowed. */
  watchConsole: (page: Page) => string[];
  /** Console messages that a test expects, e.g. a failed websocket while the server restarts. */
  allowedConsoleErrors: RegExp[];
}

export const test = base.extend<Fixtures, { concord: ConcordServer }>({
  concord: [
    async ({}, use) => {
      const temp = tempDatabasePath();
      const port = await freePort();
      let process: ConcordProcess | null = null;
      const logs: string[] = [];
      const accounts = new Set<string>();
      const server: ConcordServer = {
        baseURL: `http://127.0.0.1:${port}`,
        databasePath: temp.file,
        async start() {
          // The built server, as `npm start` runs it (`npm test` builds just before).
          process = await startConcordProcess({
            databasePath: temp.file,
            web: true,
            built: true,
            port,
            // Revocation is checked every half second, so tests see it promptly.
            env: { COLLAB_AUTH_RECHECK_MS: '500' },
          });
        },
        async createDraft(title, body, options) {
          const stores = openSqliteStores(temp.file);
          try {
            return (await createDraft(stores.drafts, { title, body, ...options })).id;
          } finally {
            stores.close();
          }
        },
        async ensureAccount(account) {
          if (accounts.has(account.username)) return;
          await addTestUser(temp.file, account);
          accounts.add(account.username);
        },
        async grant(draftId, account, role) {
          await server.ensureAccount(account);
          await grantTestRole(temp.file, draftId, account.delegation, role);
        },
        async stop(signal = 'SIGKILL') {
          await process?.kill(signal);
          if (process) logs.push(process.output());
          process = null;
        },
        async restart(signal = 'SIGKILL') {
          await server.stop(signal);
          await server.start();
        },
      };
      await server.start();
      await use(server);
      await server.stop('SIGTERM');
      temp.cleanup();
      // A server-side exception (Next.js marks them ⨯) or a second copy of Yjs fails the run,
      // even if no page showed it.
      const output = logs.join('\n');
      expect(output, 'server log').not.toMatch(/Yjs was already imported|⨯|unhandled|uncaught/i);
    },
    { scope: 'worker' },
  ],

  baseURL: async ({ concord }, use) => use(concord.baseURL),

  allowedConsoleErrors: [[], { option: true }],

  watchConsole: async ({ allowedConsoleErrors }, use) => {
    const watched: { page: Page; errors: string[] }[] = [];
    await use((page) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      watched.push({ page, errors });
      return errors;
    });
    for (const { errors } of watched) {
      const unexpected = errors.filter((text) => !allowedConsoleErrors.some((re) => re.test(text)));
      expect(unexpected, 'no console errors').toEqual([]);
    }
  },

  delegate: async ({ browser, baseURL, concord, watchConsole }, use) => {
    const opened: Delegate[] = [];
    await use(async (account, options) => {
      await concord.ensureAccount(account);
      const context = await browser.newContext({ baseURL: options?.baseURL ?? baseURL });
      const page = await context.newPage();
      const consoleErrors = watchConsole(page);
      await page.goto('/sign-in');
      await page.getByLabel('Username').fill(account.username);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      const delegate = { page, draft: new DraftPage(page), consoleErrors };
      opened.push(delegate);
      return delegate;
    });
    for (const { page } of opened) await page.context().close();
  },
});

export { expect };
