import assert from 'node:assert/strict';
import { test } from 'node:test';
import { carriedSearch, paragraphAnchor, precedentHref, searchHref } from './precedent-links';

test('paragraph links: a URL-safe anchor, and the search carried along', () => {
  assert.equal(paragraphAnchor('OP5 (b) (ii)'), 'OP5-b-ii');
  assert.equal(paragraphAnchor('PP3'), 'PP3');
  assert.equal(
    precedentHref('A/RES/75/101 B', 'OP5 (b)', new URLSearchParams({ q: '"human rights"' })),
    '/precedents/resolution?symbol=A%2FRES%2F75%2F101+B&q=%22human+rights%22#OP5-b',
  );
  assert.equal(precedentHref('A/RES/78/100'), '/precedents/resolution?symbol=A%2FRES%2F78%2F100');
});

test('carried search: the search fields only, first values, blank ones left out', () => {
  const search = carriedSearch({
    symbol: 'A/RES/78/100',
    q: ['"human rights"', 'x'],
    session: '',
    committee: ' Third Committee ',
  });
  assert.equal(search.toString(), 'q=%22human+rights%22&committee=Third+Committee');
  assert.equal(searchHref(search), `/precedents?${search}`);
  assert.equal(searchHref(new URLSearchParams()), '/precedents');
});
