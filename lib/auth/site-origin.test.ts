import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSiteOrigin, siteOrigin } from './site-origin';

const headers =
  (values: Record<string, string>) =>
  (name: string): string | undefined =>
    values[name];

test('the site origin is PUBLIC_URL’s, or the request’s own scheme, host and port', () => {
  const request = headers({ host: 'concord.local:3000', 'x-forwarded-proto': 'https' });
  assert.equal(siteOrigin(request, { trustProxy: false }), 'http://concord.local:3000');
  assert.equal(
    siteOrigin(request, { publicUrl: 'https://concord.example.org/', trustProxy: false }),
    'https://concord.example.org',
  );
  const proxied = headers({
    host: '10.0.0.5:3000',
    'x-forwarded-host': 'concord.example.org, 10.0.0.1',
    'x-forwarded-proto': 'https',
  });
  assert.equal(siteOrigin(proxied, { trustProxy: true }), 'https://concord.example.org');
  assert.equal(siteOrigin(proxied, { trustProxy: false }), 'http://10.0.0.5:3000');
  assert.equal(siteOrigin(headers({ host: 'a:80' }), { trustProxy: false }), 'http://a');
  assert.equal(siteOrigin(headers({}), { trustProxy: false }), null);
});

test('only the exact origin matches: another scheme, port or host does not', () => {
  const site = 'http://concord.local:3000';
  assert.ok(isSiteOrigin('http://concord.local:3000', site));
  assert.ok(!isSiteOrigin('https://concord.local:3000', site), 'https on the http site');
  assert.ok(!isSiteOrigin('http://concord.local:3001', site));
  assert.ok(!isSiteOrigin('http://concord.local', site));
  assert.ok(!isSiteOrigin('http://evil.example', site));
  assert.ok(!isSiteOrigin('null', site));
  assert.ok(!isSiteOrigin('', site));
  assert.ok(!isSiteOrigin(undefined, site));
  assert.ok(!isSiteOrigin('http://concord.local:3000', null));
});
