import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RelayPacer } from './relay-pacer';

/** `count` messages evenly spread over [from, from + span) ms. */
function receive(pacer: RelayPacer, from: number, span: number, count: number, peers: number) {
  for (let i = 0; i < count; i++) pacer.received(from + (i * span) / count, peers);
}

test('a quiet room relays at the end of every turn', () => {
  const pacer = new RelayPacer({ holdMs: 15 });
  // 10 typists with cursors at 2 edits/s: 4 messages per 100 ms to 10 peers.
  for (let window = 0; window < 20; window++) receive(pacer, window * 100, 100, 4, 10);
  pacer.relayed(1995);
  assert.equal(pacer.isBusy(2000), false);
  assert.equal(pacer.delay(2000), 0);
});

test('200 connected with 20 typing is not busy; 200 all typing is', () => {
  const some = new RelayPacer({ holdMs: 15 });
  // 20 typists with cursors: ~8 messages per 100 ms, relayed to 200.
  for (let window = 0; window < 20; window++) receive(some, window * 100, 100, 8, 200);
  assert.equal(some.isBusy(1999), false);

  const all = new RelayPacer({ holdMs: 15 });
  // 200 typists with cursors: ~80 messages per 100 ms.
  for (let window = 0; window < 20; window++) receive(all, window * 100, 100, 80, 200);
  assert.equal(all.isBusy(1999), true);
});

test('a busy room relays at most once per hold, counted from the last relay', () => {
  const pacer = new RelayPacer({ holdMs: 15 });
  receive(pacer, 0, 100, 80, 200);
  receive(pacer, 100, 100, 80, 200);
  pacer.relayed(150);
  assert.equal(pacer.delay(152), 13);
  assert.equal(pacer.delay(165), 0);
  assert.equal(pacer.delay(170), 0);
});

test('the hold ends when the room falls quiet, or is turned off', () => {
  const pacer = new RelayPacer({ holdMs: 15 });
  receive(pacer, 0, 100, 80, 200);
  receive(pacer, 100, 100, 80, 200);
  pacer.relayed(199);
  assert.ok(pacer.delay(200) > 0);
  // Nothing arrives for a while: quiet, even before the next message is counted.
  assert.equal(pacer.isBusy(320), false);
  assert.equal(pacer.delay(320), 0);
  // A single message after the silence does not make it busy again.
  pacer.received(330, 200);
  assert.equal(pacer.isBusy(331), false);

  const off = new RelayPacer({ holdMs: 0 });
  receive(off, 0, 100, 80, 200);
  receive(off, 100, 100, 80, 200);
  off.relayed(199);
  assert.equal(off.isBusy(200), true);
  assert.equal(off.delay(200), 0);
});

test('a burst (everyone pasting in the same moment) makes the next relays wait', () => {
  const pacer = new RelayPacer({ holdMs: 15 });
  pacer.received(0, 200);
  receive(pacer, 100, 5, 200, 200);
  // The burst's window ends with the next message.
  pacer.received(201, 200);
  pacer.relayed(201);
  assert.equal(pacer.delay(202), 14);
});

test("a busy room relays each client's presence at most once per presenceEveryMs", () => {
  const pacer = new RelayPacer({ holdMs: 15, presenceEveryMs: 1000 });
  receive(pacer, 0, 100, 80, 200);
  receive(pacer, 100, 100, 80, 200);
  // A client never relayed (just joined) goes at once.
  assert.equal(pacer.presenceDelay(7, 150), 0);
  pacer.presenceRelayed(7, 150);
  receive(pacer, 200, 100, 80, 200);
  // Its next cursor move waits for the rest of the second; another client's does not.
  assert.equal(pacer.presenceDelay(7, 250), 900);
  assert.equal(pacer.presenceDelay(8, 250), 0);
  receive(pacer, 300, 900, 720, 200);
  assert.equal(pacer.presenceDelay(7, 1150), 0);
  // A pause in a busy room (clients falling behind go silent) does not lift the throttle…
  pacer.presenceRelayed(7, 1150);
  pacer.received(1700, 200);
  assert.equal(pacer.isBusy(1700), false);
  assert.equal(pacer.presenceDelay(7, 1700), 450);
  // …but a second without a busy window (the last ended at 1 200) does.
  pacer.presenceRelayed(7, 2150);
  assert.equal(pacer.presenceDelay(7, 2190), 960);
  assert.equal(pacer.presenceDelay(7, 2201), 0);
  // A client that left is forgotten: when it comes back, it goes at once.
  pacer.presenceRelayed(7, 1150);
  pacer.presenceRelayed(7, null);
  assert.equal(pacer.presenceDelay(7, 1160), 0);
});

test('presence is relayed at once in a quiet room, or with presenceEveryMs 0', () => {
  const quiet = new RelayPacer({ holdMs: 15, presenceEveryMs: 1000 });
  for (let window = 0; window < 20; window++) receive(quiet, window * 100, 100, 8, 200);
  quiet.presenceRelayed(7, 1990);
  assert.equal(quiet.presenceDelay(7, 1995), 0);

  const off = new RelayPacer({ holdMs: 15, presenceEveryMs: 0 });
  receive(off, 0, 100, 80, 200);
  receive(off, 100, 100, 80, 200);
  off.presenceRelayed(7, 150);
  assert.equal(off.isBusy(160), true);
  assert.equal(off.presenceDelay(7, 160), 0);
});

test('echoes (messages the room drops) turn on the presence throttle, not the relay hold', () => {
  const pacer = new RelayPacer({ holdMs: 15, presenceEveryMs: 1000 });
  // 200 connected, 20 typing with cursors (8 messages per 100 ms), and the stock provider's
  // echoes of every relayed presence state: ~800 more per 100 ms.
  for (let window = 0; window < 20; window++) {
    receive(pacer, window * 100, 100, 8, 200);
    for (let i = 0; i < 800; i++) pacer.received(window * 100 + i / 8, 200, false);
  }
  pacer.relayed(1990);
  assert.equal(pacer.isBusy(1995), false);
  assert.equal(pacer.delay(1995), 0);
  pacer.presenceRelayed(7, 1990);
  assert.equal(pacer.presenceDelay(7, 1995), 995);
});
