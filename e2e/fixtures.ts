import net from 'node:net';
import { test as base, expect, type Page } from '@playwright/test';
import { tempDatabasePath } from '../lib/testing/temp-database';
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
  /** Opens a new browser context (its own cookies and storage) as one delegate. */
  delegate: (name: string, delegation: string) => Promise<Delegate>;
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
      const server: ConcordServer = {
        baseURL: `http://127.0.0.1:${port}`,
        databasePath: temp.file,
        async start() {
          process = await startConcordProcess({ databasePath: temp.file, web: true, port });
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

  delegate: async ({ browser, baseURL, allowedConsoleErrors }, use) => {
    const opened: Delegate[] = [];
    await use(async (name, delegation) => {
      const context = await browser.newContext({ baseURL });
      await context.addInitScript(
        ([n, d]) =>
          window.localStorage.setItem(
            'concord.standInIdentity',
            JSON.stringify({ name: n, delegation: d }),
          ),
        [name, delegation],
      );
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(error.message));
      const delegate = { page, draft: new DraftPage(page), consoleErrors };
      opened.push(delegate);
      return delegate;
    });
    for (const { page, consoleErrors } of opened) {
      const unexpected = consoleErrors.filter(
        (text) => !allowedConsoleErrors.some((re) => re.test(text)),
      );
      expect(unexpected, 'no console errors').toEqual([]);
      await page.context().close();
    }
  },
});

export { expect };
