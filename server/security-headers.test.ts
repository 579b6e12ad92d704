import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy, newNonce, securityHeaders } from './security-headers';

const base = {
  site: 'http://concord.local:3000',
  nonce: 'bm9uY2U=',
  dev: false,
  https: false,
  pathname: '/drafts/x',
};

test('the policy: scripts and style elements by nonce, the site’s own socket, no framing', () => {
  assert.equal(
    contentSecurityPolicy(base),
    [
      "default-src 'self'",
      "script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'",
      "style-src 'self' 'nonce-bm9uY2U='",
      "style-src-attr 'unsafe-inline'",
      "connect-src 'self' ws://concord.local:3000",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
  );
  const https = contentSecurityPolicy({
    ...base,
    site: 'https://concord.example.org',
    https: true,
  });
  assert.match(https, /connect-src 'self' wss:\/\/concord\.example\.org;/);
  assert.match(https, /; upgrade-insecure-requests$/);
  const dev = contentSecurityPolicy({ ...base, dev: true });
  assert.match(dev, /script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic' 'unsafe-eval';/);
  assert.match(dev, /style-src 'self' 'unsafe-inline';/);
  assert.match(contentSecurityPolicy({ ...base, site: null }), /connect-src 'self';/);
});

test('HSTS only over https; JSON routes are not cached; nonces differ', () => {
  const page = securityHeaders(base);
  assert.equal(page['x-frame-options'], 'DENY');
  assert.equal(page['x-content-type-options'], 'nosniff');
  assert.equal(page['referrer-policy'], 'same-origin');
  assert.equal(page['strict-transport-security'], undefined);
  assert.equal(page['cache-control'], undefined);
  assert.equal(securityHeaders({ ...base, pathname: '/api/drafts' })['cache-control'], 'no-store');
  assert.equal(
    securityHeaders({ ...base, https: true })['strict-transport-security'],
    'max-age=31536000',
  );
  const nonce = newNonce();
  assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
  assert.notEqual(newNonce(), nonce);
});
