/** The SQLSTATE of a PostgreSQL error (`23505` …), or undefined for any other error. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** A unique (23505) or primary key violation; `constraint` narrows it to one index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return (
    sqlState(error) === '23505' &&
    (constraint === undefined || (error as { constraint?: unknown }).constraint === constraint)
  );
}

/** A foreign key violation (23503): the row names one that does not exist. */
export function isForeignKeyViolation(error: unknown): boolean {
  return sqlState(error) === '23503';
}

/** Any integrity constraint violation (class 23: unique, foreign key, check, not null). */
export function isConstraintViolation(error: unknown): boolean {
  return sqlState(error)?.startsWith('23') ?? false;
}
