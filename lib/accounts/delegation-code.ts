/** A delegation's code: 2 to 12 capitals or digits, starting with a letter (CUB, EU, G77). */
export const DELEGATION_CODE = /^[A-Z][A-Z0-9]{1,11}$/;

export function isDelegationCode(value: unknown): value is string {
  return typeof value === 'string' && DELEGATION_CODE.test(value);
}
