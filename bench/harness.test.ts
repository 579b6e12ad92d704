import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median, percentile } from './harness';

test('the median of an even count is the mean of the middle two; of an odd count, the middle one', () => {
  assert.equal(median([529.7, 1059]), 794.35);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('percentiles are nearest-rank', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(values, 50), 50);
  assert.equal(percentile(values, 99), 99);
  assert.equal(percentile([7], 95), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});
