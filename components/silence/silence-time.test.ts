import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMoment, NEW_YORK, timeLeft } from './silence-time';

test('time left reads in days, hours and minutes', () => {
  const now = Date.UTC(2026, 11, 6, 12, 0);
  assert.equal(timeLeft(now + 30_000, now), 'less than a minute left');
  assert.equal(timeLeft(now + 45 * 60_000, now), '45 min left');
  assert.equal(timeLeft(now + (3 * 60 + 5) * 60_000, now), '3 h 5 min left');
  assert.equal(timeLeft(now + (26 * 60 + 1) * 60_000, now), '1 day 2 h left');
  assert.equal(timeLeft(now - 1, now), 'the deadline has passed');
});

test('a moment in New York time is 5 hours behind UTC in December', () => {
  assert.match(formatMoment(Date.UTC(2026, 11, 8, 23, 0), NEW_YORK), /18:00|6:00/);
});
