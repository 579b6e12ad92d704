import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLoadOptions } from './load-options';

test('a committee is 60 drafts of 8 clients, 4 typing in each, spread over client processes', () => {
  const options = parseLoadOptions(['committee']);
  assert.equal(options.drafts, 60);
  assert.equal(options.clients, 8);
  assert.equal(options.typing, 4);
  assert.equal(options.procs, 3);
  assert.equal(parseLoadOptions(['committee', '--drafts', '6', '--clients', '4']).procs, 2);
  assert.equal(parseLoadOptions(['committee', '--procs', '1']).procs, 1);
});

test('--clients and --typing of a committee are per draft; typists never outnumber clients', () => {
  const options = parseLoadOptions([
    'committee',
    '--drafts',
    '5',
    '--clients',
    '3',
    '--typing',
    '9',
  ]);
  assert.equal(options.clients, 3);
  assert.equal(options.typing, 3);
  assert.throws(
    () => parseLoadOptions(['committee', '--drafts', '300', '--clients', '8']),
    /--drafts × --clients: at most 2000/,
  );
  assert.throws(() => parseLoadOptions(['committee', '--drafts', '2.5']), /--drafts/);
  assert.equal(parseLoadOptions(['committee', '--role', 'sponsor']).role, 'sponsor');
});

test('the other scenarios have one draft and one client process unless told', () => {
  const options = parseLoadOptions(['typing', '--sync', 'normal']);
  assert.equal(options.drafts, 1);
  assert.equal(options.procs, 1);
  assert.equal(options.sync, 'normal');
  assert.throws(() => parseLoadOptions(['typing', '--drafts', '4']), /--drafts: committee only/);
});

test('Concord runs on SQLite unless told; PostgreSQL, alone or two processes with Redis, on request', () => {
  assert.deepEqual(parseLoadOptions(['typing']).deployments, ['sqlite']);
  assert.deepEqual(
    parseLoadOptions(['committee', '--deployment', 'sqlite, pg,pg-cluster,pg']).deployments,
    ['sqlite', 'pg', 'pg-cluster'],
  );
  assert.throws(
    () => parseLoadOptions(['typing', '--deployment', 'mysql']),
    /--deployment: sqlite, pg, pg-cluster, not mysql/,
  );
  assert.throws(() => parseLoadOptions(['typing', '--deployment', ',']), /at least one/);
  // Restarting or sampling the memory of one process says nothing of two.
  assert.deepEqual(parseLoadOptions(['soak', '--deployment', 'pg']).deployments, ['pg']);
  assert.throws(
    () => parseLoadOptions(['reconnect', '--deployment', 'pg-cluster']),
    /--deployment pg-cluster: typing, committee, burst, latejoin only/,
  );
});
