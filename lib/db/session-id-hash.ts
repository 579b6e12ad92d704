import { createHash } from 'node:crypto';

/**
 * What the `sessions` table keeps of a session id: its SHA-256, in hex. The
 * cookie carries the id; a copy of the database (secret included) then names
 * no session a cookie could carry. Ids are random UUIDs (122 bits), so an
 * unsalted hash cannot be reversed by guessing.
 */
export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
