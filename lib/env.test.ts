import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEnv } from './env';

test('defaults apply when nothing is set', () => {
  const env = parseEnv({});
  assert.equal(env.PORT, 3000);
  assert.equal(env.DATABASE_PATH, 'data/concord.db');
  assert.equal(env.DATABASE_SYNC, 'full');
  assert.equal(env.COLLAB_BUSY_RELAY_MS, 15);
  assert.equal(parseEnv({ COLLAB_BUSY_RELAY_MS: '0' }).COLLAB_BUSY_RELAY_MS, 0);
});

test('a bad value fails with a message naming the variable', () => {
  assert.throws(() => parseEnv({ PORT: 'eighty' }), /PORT/);
  assert.throws(() => parseEnv({ COLLAB_MAX_MESSAGE_BYTES: '10' }), /COLLAB_MAX_MESSAGE_BYTES/);
  assert.throws(() => parseEnv({ DATABASE_SYNC: 'off' }), /DATABASE_SYNC: use full or normal/);
  assert.throws(() => parseEnv({ COLLAB_BUSY_RELAY_MS: '500' }), /COLLAB_BUSY_RELAY_MS/);
});
