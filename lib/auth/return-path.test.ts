import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redirectWithinSite, safeReturnPath } from './return-path';

const base = 'http://concord.local:3000';

test('a path of this site is kept, as a path', () => {
  assert.equal(safeReturnPath('/drafts/abc?x=1#op2', base), '/drafts/abc?x=1#op2');
  assert.equal(safeReturnPath('http://concord.local:3000/admin', base), '/admin');
  assert.equal(safeReturnPath('drafts/abc', base), '/drafts/abc');
});

test('anything that a browser would read as another site gives "/"', () => {
  for (const hostile of [
    '/\\evil.example/x',
    '\\\\evil.example/x',
    '/\t/evil.example/x',
    '/\n/evil.example/x',
    '//evil.example/x',
    'https://evil.example/',
    'https://concord.local:3000/',
    'http://concord.local:3001/',
    'javascript:alert(1)',
    'data:text/html,hi',
  ]) {
    const path = safeReturnPath(hostile, base);
    assert.equal(new URL(path, base).origin, base, hostile);
    assert.equal(path, '/', hostile);
  }
  assert.equal(safeReturnPath(undefined, base), '/');
  assert.equal(safeReturnPath(['/a'], base), '/');
});

test('a same-origin URL whose path starts with "//" keeps one slash', () => {
  assert.equal(
    safeReturnPath('http://concord.local:3000//evil.example/x', base),
    '/evil.example/x',
  );
  assert.equal(safeReturnPath('/./\\evil.example', base), '/evil.example');
});

test('next-auth’s redirect stays on the site, as an absolute URL', () => {
  const to = (url: string) => redirectWithinSite({ url, baseUrl: base });
  assert.equal(to('/drafts/abc?x=1'), `${base}/drafts/abc?x=1`);
  assert.equal(to(`${base}/admin`), `${base}/admin`);
  for (const hostile of ['/\\evil.example/x', '/\t/evil.example/x', 'https://evil.example/x']) {
    assert.equal(to(hostile), `${base}/`, hostile);
  }
});
