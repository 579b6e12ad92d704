import http from 'node:http';
import WebSocket from 'ws';
import { tempDatabasePath } from '../lib/testing/temp-database';
import { signInCookie, TEST_PASSWORD } from '../server/testing/accounts';
import { startConcordProcess } from '../server/testing/concord-process';
import { CUBA } from './accounts';
import { expect, test } from './fixtures';

// Refused requests (401, 403, 404) are logged by Chromium when a page makes them.
test.use({ allowedConsoleErrors: [/status of 40[0-4]/] });

/** The value of one CSP directive, e.g. `script-src` → `'self' 'nonce-…'`. */
function directive(policy: string, name: string): string | undefined {
  return policy
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `))
    ?.slice(name.length + 1);
}

test('every page, route, asset and 404 carries the security headers', async ({
  playwright,
  baseURL,
}) => {
  const request = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
  const signIn = await request.get('/sign-in');
  const html = await signIn.text();
  const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(asset, 'a script of the page').toBeTruthy();
  const host = new URL(baseURL!).host;
  for (const path of [
    '/sign-in',
    '/',
    '/api/drafts',
    '/api/no-such-route',
    '/no-such-page',
    '/icon.svg',
    asset!,
  ]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers['x-powered-by'], path).toBeUndefined();
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['x-frame-options'], path).toBe('DENY');
    expect(headers['referrer-policy'], path).toBe('same-origin');
    expect(headers['permissions-policy'], path).toMatch(/camera=\(\)/);
    expect(headers['strict-transport-security'], `${path}: plain http`).toBeUndefined();
    const policy = headers['content-security-policy'] ?? '';
    expect(directive(policy, 'default-src'), path).toBe("'self'");
    expect(directive(policy, 'frame-ancestors'), path).toBe("'none'");
    expect(directive(policy, 'object-src'), path).toBe("'none'");
    expect(directive(policy, 'base-uri'), path).toBe("'self'");
    expect(directive(policy, 'form-action'), path).toBe("'self'");
    expect(directive(policy, 'connect-src'), path).toBe(`'self' ws://${host}`);
    expect(directive(policy, 'script-src'), path).toMatch(
      /^'self' 'nonce-[A-Za-z0-9+/]{22,}={0,2}' 'strict-dynamic'$/,
    );
    if (path.startsWith('/api/')) expect(headers['cache-control'], path).toMatch(/\bno-store\b/);
  }
  expect((await request.get('/no-such-page')).status()).toBe(404);

  // Every script of the page carries this response's nonce, and the nonce is new each time.
  const nonce = /'nonce-([^']+)'/.exec(signIn.headers()['content-security-policy'] ?? '')?.[1];
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  const again = await request.get('/sign-in');
  expect(again.headers()['content-security-policy']).not.toContain(`'nonce-${nonce}'`);
  await request.dispose();
});

test('with an https PUBLIC_URL the site asks for HTTPS only and allows its wss socket', async ({
  playwright,
}) => {
  const temp = tempDatabasePath();
  const server = await startConcordProcess({
    databasePath: temp.file,
    web: true,
    built: true,
    env: { PUBLIC_URL: 'https://concord.example.org' },
  });
  try {
    const request = await playwright.request.newContext({ baseURL: server.httpUrl });
    for (const path of ['/sign-in', '/api/drafts']) {
      const headers = (await request.get(path)).headers();
      expect(headers['strict-transport-security'], path).toBe('max-age=31536000');
      const policy = headers['content-security-policy'] ?? '';
      expect(directive(policy, 'connect-src'), path).toBe(`'self' wss://concord.example.org`);
      expect(policy, path).toContain('upgrade-insecure-requests');
    }
    await request.dispose();
  } finally {
    await server.kill();
    temp.cleanup();
  }
});

test('the editor, its dialogs and exports run under the CSP without a violation', async ({
  delegate,
}) => {
  const { page, draft } = await delegate(CUBA);
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`),
    );
  });
  const violations = () =>
    page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  // The editor reached by a client-side navigation (the server action's redirect) …
  await page.goto('/');
  await page.getByLabel('Title').fill('Under the CSP');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/drafts\/[0-9a-f-]{36}$/);
  await draft.waitUntilEditable();
  await draft.typeAtEnd(draft.preambular(0), 'Recalling its resolution 76/159,');
  await expect
    .poll(() => draft.textOf(draft.preambular(0)))
    .toBe('Recalling its resolution 76/159,');
  await page.getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export the draft' });
  await expect(dialog).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^Under-the-CSP\./);
  expect(await violations()).toEqual([]);
  // … and by loading its address.
  await page.reload();
  await draft.waitUntilEditable();
  await draft.typeAtEnd(draft.preambular(0), ' again');
  await expect
    .poll(() => draft.textOf(draft.preambular(0)))
    .toBe('Recalling its resolution 76/159, again');
  expect(await violations()).toEqual([]);
});

test.describe('after signing in', () => {
  for (const callbackUrl of ['/%5Cexample.org/x', '/%09/example.org/x', 'https://example.org/']) {
    test(`callbackUrl=${callbackUrl} stays on this site`, async ({
      browser,
      baseURL,
      concord,
      watchConsole,
    }) => {
      await concord.ensureAccount(CUBA);
      const context = await browser.newContext({ baseURL });
      const page = await context.newPage();
      watchConsole(page);
      await page.goto(`/sign-in?callbackUrl=${callbackUrl}`);
      await page.getByLabel('Username').fill(CUBA.username);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.origin === baseURL && url.pathname === '/');

      // Signed in already, the sign-in page sends the delegate on at once.
      const response = await page.request.get(`/sign-in?callbackUrl=${callbackUrl}`, {
        maxRedirects: 0,
      });
      expect(response.status()).toBe(307);
      expect(response.headers().location).toBe('/');
      await context.close();
    });
  }
});

/** Sends a chunked body of up to `totalBytes`, stopping as soon as the server answers. */
function postChunked(
  url: string,
  headers: Record<string, string>,
  totalBytes: number,
): Promise<{ status: number; body: string; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, sentBytes });
        req.destroy();
      });
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!answered && sentBytes < totalBytes) {
        sentBytes += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

test('a chunked 30 MB body is refused with 413 once it passes the limit, not read whole', async ({
  concord,
  baseURL,
}) => {
  await concord.ensureAccount(CUBA);
  const { cookie } = await signInCookie(concord.databasePath, CUBA.username);
  const total = 30 * 1024 * 1024;
  for (const [path, contentType] of [
    ['/api/drafts', 'application/json'],
    ['/api/auth/callback/credentials', 'application/x-www-form-urlencoded'],
  ] as const) {
    const answer = await postChunked(
      `${baseURL}${path}`,
      { cookie, origin: baseURL!, 'content-type': contentType },
      total,
    );
    expect(answer.status, path).toBe(413);
    expect(JSON.parse(answer.body).error, path).toMatch(/larger than/);
    expect(answer.sentBytes, `${path}: answered before the whole body was sent`).toBeLessThan(
      total,
    );
  }
});

test('state-changing requests and the websocket must come from this exact origin', async ({
  concord,
  baseURL,
  playwright,
}) => {
  const draftId = await concord.createDraft('Origins');
  await concord.grant(draftId, CUBA, 'facilitator');
  const { cookie } = await signInCookie(concord.databasePath, CUBA.username);
  const otherScheme = baseURL!.replace(/^http:/, 'https:');
  const request = await playwright.request.newContext({ baseURL });

  const post = (origin: string) =>
    request.post('/api/drafts', {
      headers: { cookie, origin },
      data: { title: 'From elsewhere' },
    });
  const refused = await post(otherScheme);
  expect(refused.status(), 'https origin on the http site').toBe(403);
  expect((await refused.json()).error).toMatch(/Cross-site/);
  expect((await post(baseURL!)).status()).toBe(201);

  // A server action posted from the other scheme is refused before it runs.
  const action = await request.post('/', {
    headers: {
      cookie,
      origin: otherScheme,
      'next-action': 'deadbeef',
      'content-type': 'text/plain',
    },
    data: '[]',
  });
  expect(action.status(), 'server action from https origin').toBe(403);
  await request.dispose();

  const wsUrl = `${baseURL!.replace(/^http/, 'ws')}/collab/${draftId}`;
  const openWith = (origin: string) =>
    new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(wsUrl, { headers: { cookie, origin } });
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.once('error', reject);
    });
  expect(await openWith(otherScheme), 'websocket from https origin').toBe(403);
  expect(await openWith(baseURL!)).toBe(101);
});
