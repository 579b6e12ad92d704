import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSponsorList, parseSponsorList, sponsorsFromText } from './sponsor-list';

test('a sponsors line splits on commas and the last " and "', () => {
  assert.deepEqual(parseSponsorList('China, Cuba and Russian Federation:*'.replace(/:.*/, '')), [
    'China',
    'Cuba',
    'Russian Federation',
  ]);
  assert.deepEqual(parseSponsorList('Cuba*'), ['Cuba']);
});

test('names with parentheses, commas inside them, or " and " stay whole', () => {
  assert.deepEqual(
    parseSponsorList(
      'Bolivia (Plurinational State of), Bosnia and Herzegovina, Ukraine and Venezuela (Bolivarian Republic of)',
    ),
    [
      'Bolivia (Plurinational State of)',
      'Bosnia and Herzegovina',
      'Ukraine',
      'Venezuela (Bolivarian Republic of)',
    ],
  );
  assert.deepEqual(parseSponsorList('Chile and Trinidad and Tobago'), [
    'Chile',
    'Trinidad and Tobago',
  ]);
  assert.deepEqual(
    parseSponsorList('Chile and United Kingdom of Great Britain and Northern Ireland'),
    ['Chile', 'United Kingdom of Great Britain and Northern Ireland'],
  );
  assert.deepEqual(parseSponsorList('Peru and Uganda (on behalf of Chad, Mali and Niger)'), [
    'Peru',
    'Uganda (on behalf of Chad, Mali and Niger)',
  ]);
  // Lists in the corpus sometimes end without "and".
  assert.deepEqual(parseSponsorList('Viet Nam, Zimbabwe'), ['Viet Nam', 'Zimbabwe']);
});

test('formatting and parsing agree; a description names no sponsors', () => {
  const names = ['Antigua and Barbuda', 'Côte d’Ivoire', 'Saint Vincent and the Grenadines'];
  assert.deepEqual(parseSponsorList(formatSponsorList(names)), names);
  assert.deepEqual(sponsorsFromText('submitted by the Chair of the Committee').sponsors, []);
  assert.match(sponsorsFromText('submitted by the Chair').warning ?? '', /described, not listed/);
  assert.deepEqual(sponsorsFromText('').sponsors, []);
});
