import { hash, verify } from '@node-rs/argon2';

/** Shortest password accepted for a new account. */
export const MIN_PASSWORD_LENGTH = 10;
/** Longest password accepted; hashing a huge input would be a cheap way to load the server. */
export const MAX_PASSWORD_LENGTH = 256;

/**
 * Hashes a password with Argon2id (the package's defaults: 19 MiB, 2 passes,
 * 1 lane, as OWASP recommends), as a PHC string carrying its own salt and
 * parameters.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** Whether `password` matches the PHC string `passwordHash`; false for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification when there is no user to check against,
 * so a failed sign-in takes as long whether the username exists or not.
 */
export async function verifyNothing(password: string): Promise<void> {
  dummyHash ??= hashPassword('not a password of anyone');
  await verifyPassword(await dummyHash, password);
}
