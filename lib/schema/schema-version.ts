/**
 * Major version of the document schema. Raise it whenever a client built for
 * the old schema could write content the new one reads differently (or
 * not at all); the server then closes older clients' sockets with
 * `CloseCode.SchemaOutdated` so an open tab from before a deploy reloads.
 *   1: preamble and operative paragraphs (the foundation)
 *   2: sub-paragraphs, section headings, footnotes, paragraph status, header map
 *   3: amendments as objects beside the agreed text (the `proposals` map, issue 19);
 *      drafts of version 2 are converted by the server when loaded
 */
export const SCHEMA_VERSION = 3;

/** Query parameter of the collaboration URL carrying the client's schema version. */
export const SCHEMA_VERSION_PARAM = 'schema';
