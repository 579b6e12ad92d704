import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh directory for a test's SQLite file; removed by `cleanup`. */
export function tempDatabasePath(): { file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-test-'));
  return {
    file: path.join(dir, 'concord.db'),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
