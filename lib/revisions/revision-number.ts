import { AccessError } from '../auth/access';

/** A revision's number from an address or a command: 0 for the zero draft, n for Rev.n. */
export function requireRevisionNumber(value: string): number {
  if (!/^\d{1,4}$/.test(value)) {
    throw new AccessError(
      400,
      'A revision is named by its number: 0 for the zero draft, 1 for Rev.1 …',
    );
  }
  return Number(value);
}
