/**
 * Preloaded into a server process (`NODE_OPTIONS=--import …`) by the soak
 * scenario: on SIGUSR2 it runs a full garbage collection and writes the heap
 * then in use to $BENCH_HEAP_FILE, so that memory kept by the churn can be
 * told apart from garbage not yet collected (RSS mixes both).
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';

const file = process.env.BENCH_HEAP_FILE;
if (file) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  let reading = 0;
  process.on('SIGUSR2', () => {
    gc();
    const { heapUsed, external, arrayBuffers } = process.memoryUsage();
    reading++;
    fs.writeFileSync(file, JSON.stringify({ reading, heapUsed, external, arrayBuffers }));
  });
}
