/**
 * Concord's tables in foreign-key order: each after the tables it refers to, so
 * that loading them in this order satisfies every reference. The one place the
 * table names are written down; the adapters read the tables and their columns
 * from the database, and `orderDumpTables` refuses a table missing here, so a
 * migration adding a table fails the dump tests until it is listed.
 */
export const DUMP_TABLE_ORDER: readonly string[] = [
  'drafts',
  'draft_updates',
  'draft_snapshots',
  'draft_clients',
  'delegations',
  'users',
  'sessions',
  'draft_roles',
  'settings',
  'audit_log',
  'draft_revisions',
  'draft_revisions_seen',
  'silence_procedures',
  'silence_breaks',
  'proposal_positions',
  'discussion_threads',
  'discussion_comments',
  'discussion_settings',
];

/** Sorts tables into `DUMP_TABLE_ORDER`; throws naming a table the list does not know. */
export function orderDumpTables<T extends { name: string }>(tables: readonly T[]): T[] {
  const unknown = tables.filter((table) => !DUMP_TABLE_ORDER.includes(table.name));
  if (unknown.length > 0) {
    throw new Error(
      `The database has tables the dump does not know: ${unknown.map((t) => t.name).join(', ')}. ` +
        'Add them to DUMP_TABLE_ORDER in lib/db/dump/dump-tables.ts.',
    );
  }
  const rank = (name: string) => DUMP_TABLE_ORDER.indexOf(name);
  return [...tables].sort((a, b) => rank(a.name) - rank(b.name));
}
