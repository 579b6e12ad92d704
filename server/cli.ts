import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  addDelegation,
  addUser,
  AdminInputError,
  createDraftWithFacilitator,
  grantDraftRole,
  removeUser,
  withdrawDraftRole,
} from '@/lib/accounts/administration';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '@/lib/accounts/seed-demo';
import type { AmendmentModel } from '@/lib/collab/protocol';
import { signInPolicy } from '@/lib/auth/auth-context';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { getStores, type Stores } from '@/lib/db/stores';
import { env } from '@/lib/env';
import { importResolutionFile, inspectResolution } from '@/lib/import/import-file';
import { ImportError } from '@/lib/import/import-result';
import { auditCsv } from '@/lib/db/audit-csv';
import { loadDraftDoc } from '@/lib/db/load-draft-doc';
import { exportDatabase } from '@/lib/db/dump/export-database';
import { importDatabase } from '@/lib/db/dump/import-database';
import { dumpDatabaseName, openDumpAdapter } from '@/lib/db/dump/open-dump-adapter';
import {
  EXPORT_FORMATS,
  exportDraft,
  findExportFormat,
  findVariantFormat,
  renderExport,
  type ExportFormat,
} from '@/lib/export';
import { finalDraft } from '@/lib/export/final-draft';
import { EXPORT_VARIANTS, isExportVariant, VARIANT_FORMAT_IDS } from '@/lib/export/format-labels';
import { compareNewestFirst, referencedParagraphs } from '@/lib/precedents/build-extract';
import { extractPath, loadPrecedentIndex } from '@/lib/precedents/load-index';
import { describeVote } from '@/lib/precedents/model';
import type { Occurrence } from '@/lib/precedents/precedent-index';
import { comparisonFile, isComparisonFormat } from '@/lib/revisions/comparison-file';
import { issueRevision } from '@/lib/revisions/issue-revision';
import { MAX_REVISION_NOTE_LENGTH, revisionName } from '@/lib/revisions/revision';
import type { ResolutionDocument } from '@/lib/schema/resolution-document';

const EXPORT_FORMAT_LIST = EXPORT_FORMATS.map((format) => format.id).join('|');

const USAGE = `Usage: npm run cli -- <command>

  delegation add <CODE> <name>                     add a delegation (a State, a group, the Secretariat)
  delegation list
  user add <username> --delegation <CODE> --password-stdin [--secretariat] [--name <display name>]
                                                   add a user; the password is read from standard input
  user remove <username>                           remove a user; their sessions end
  user list
  draft create [--title <title>] [--from <file.md|file.xml>] [--facilitator <CODE>]
                                                   create a draft, from a resolution in Markdown
                                                   or AKN4UN XML if given; prints its id
  draft list                                       list drafts (id, last change, title)
  draft grant <draftId> <CODE> facilitator|sponsor|observer
  draft withdraw <draftId> <CODE>                  withdraw the delegation's role on the draft
  draft revise <draftId> [--note <text>]           record the next revision (zero draft, Rev.1 …)
                                                   of the stored agreed text, pending amendments
                                                   carried over; the draft page also sets the
                                                   draft's own symbol (/Rev.n) and may close them
  draft revisions <draftId>                        list the draft's revisions
  draft compare <draftId> <from> <to> [--format md|docx] -o <file>
                                                   revision <to> marked against <from> (0 is the
                                                   zero draft), paragraphs matched by identity
  draft silence <draftId>                          print the draft's silence procedure (running or
                                                   last): revision, deadline, breaks, outcome
  audit verify <draftId>                           check the draft's audit record has not been altered
  audit list <draftId>                             print the draft's audit record as CSV
  export-db <file>                                 write every row of every table (drafts, accounts,
                                                   audit, settings …) to <file> (JSON Lines)
  import-db <file>                                 load such a file into an empty database, all or
                                                   nothing (SQLite ↔ PostgreSQL: DATABASE_URL)
  export <draftId> --format <format> [--variant final|markup|compilation] -o <file>
                                                   write the draft's final text (every pending
                                                   amendment rejected) as ${EXPORT_FORMAT_LIST};
                                                   markup: tracked changes by delegation (docx)
                                                   or CriticMarkup (md); compilation: proposals
                                                   inline with their delegation (docx|md)
  convert <file.md|file.xml> --to <format> -o <file>
                                                   import a resolution and write it in another
                                                   format, without the database
  inspect <file.md|file.xml>                       import a resolution and print what was read
                                                   (counts and header), without the database
  precedents <file.md|file.xml|draftId>            agreed language: each paragraph's passages of 8
                                                   or more words found in adopted GA resolutions,
                                                   with their sources, as JSON; of a draft, its
                                                   agreed text (pending amendments left out)
  demo [--amendment-model marks]                   seed demo delegations, users and a draft,
                                                   unless the database holds users or drafts
                                                   (marks: the draft keeps amendments as marks in
                                                   its text, as drafts made before issue 19 that
                                                   could not be converted; for testing that model)
`;

/** The demo: a real General Assembly resolution, in the repository's fixtures. */
const DEMO_FIXTURE = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';

class UsageError extends Error {}

let storesOpened = false;

/** The stores, opened on first use so that commands without the database never open it. */
function openStores(): Stores {
  storesOpened = true;
  return getStores();
}

function importFile(file: string) {
  const imported = importResolutionFile(path.basename(file), fs.readFileSync(file, 'utf8'));
  for (const warning of imported.warnings) console.error(`warning: ${warning}`);
  return imported.document;
}

function positionals(args: string[], count: number, usage: string): string[] {
  if (args.length !== count) throw new UsageError(`Expected: ${usage}`);
  return args;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new UsageError('Pipe the password in, e.g. `printf %s "$PASSWORD" | npm run cli -- …`.');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline (from echo or a heredoc) is not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function delegationCommand(sub: string | undefined, args: string[]): Promise<void> {
  const stores = openStores();
  if (sub === 'add') {
    const [code = '', ...name] = args;
    if (!code || name.length === 0) throw new UsageError('Expected: delegation add <CODE> <name>');
    const delegation = await addDelegation(stores, { code, name: name.join(' ') });
    console.log(`Added delegation ${delegation.code} (${delegation.name}).`);
    return;
  }
  if (sub === 'list') {
    for (const d of await stores.accounts.listDelegations()) console.log(`${d.code}\t${d.name}`);
    return;
  }
  throw new UsageError(`Unknown command: delegation ${sub ?? ''}`);
}

async function userCommand(sub: string | undefined, args: string[]): Promise<void> {
  const stores = openStores();
  if (sub === 'add') {
    const { values, positionals: rest } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        delegation: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        secretariat: { type: 'boolean' },
        name: { type: 'string' },
      },
    });
    const [username] = positionals(rest, 1, 'user add <username> --delegation <CODE> …');
    if (!values.delegation) throw new UsageError('Say which delegation: --delegation <CODE>.');
    if (!values['password-stdin']) {
      throw new UsageError('Passwords are never taken as arguments: pass --password-stdin.');
    }
    const user = await addUser(stores, {
      username: username ?? '',
      displayName: values.name,
      delegationCode: values.delegation,
      password: await readStdin(),
      isSecretariat: values.secretariat ?? false,
    });
    console.log(
      `Added user ${user.username} (${user.delegation.name}${user.isSecretariat ? ', Secretariat' : ''}).`,
    );
    return;
  }
  if (sub === 'remove') {
    const [username] = positionals(args, 1, 'user remove <username>');
    const user = await removeUser(stores, username ?? '');
    console.log(`Removed user ${user.username}; their sessions have ended.`);
    return;
  }
  if (sub === 'list') {
    for (const u of await stores.accounts.listUsers()) {
      const flags = [
        u.isSecretariat ? 'secretariat' : '',
        u.isDemo ? 'demo' : '',
        u.removedAt ? 'removed' : '',
      ]
        .filter(Boolean)
        .join(',');
      console.log(
        `${u.username}\t${u.delegation.code}\t${u.displayName}${flags ? `\t${flags}` : ''}`,
      );
    }
    return;
  }
  throw new UsageError(`Unknown command: user ${sub ?? ''}`);
}

async function draftCommand(sub: string | undefined, args: string[]): Promise<void> {
  const stores = openStores();
  if (sub === 'create') {
    const { values } = parseArgs({
      args,
      options: {
        title: { type: 'string' },
        from: { type: 'string' },
        facilitator: { type: 'string' },
      },
    });
    const document = values.from ? importFile(values.from) : undefined;
    const title = values.title?.trim() || document?.header.title;
    if (!title) throw new UsageError('A draft needs a title: pass --title "<title>".');
    const draft = await createDraftWithFacilitator(stores, {
      title,
      body: document?.body,
      header: document ? { ...document.header, title } : undefined,
      facilitator: values.facilitator,
    });
    console.log(draft.id);
    return;
  }
  if (sub === 'list') {
    for (const draft of await stores.drafts.listDrafts()) {
      console.log(`${draft.id}  ${new Date(draft.updatedAt).toISOString()}  ${draft.title}`);
    }
    return;
  }
  if (sub === 'grant') {
    const [draftId = '', code = '', role = ''] = positionals(
      args,
      3,
      'draft grant <draftId> <CODE> facilitator|sponsor|observer',
    );
    const granted = await grantDraftRole(stores, { draftId, delegationCode: code, role });
    console.log(
      `${granted.delegation.name} is now ${ROLE_LABELS[granted.role].toLowerCase()} on “${granted.draft.title}”.`,
    );
    return;
  }
  if (sub === 'withdraw') {
    const [draftId = '', code = ''] = positionals(args, 2, 'draft withdraw <draftId> <CODE>');
    await withdrawDraftRole(stores, { draftId, delegationCode: code });
    console.log(`Withdrew ${code.toUpperCase()}'s role; its open connections close shortly.`);
    return;
  }
  if (sub === 'revise') return reviseCommand(stores, args);
  if (sub === 'compare') return compareCommand(stores, args);
  if (sub === 'silence') return silenceCommand(stores, args);
  if (sub === 'revisions') {
    const [draftId = ''] = positionals(args, 1, 'draft revisions <draftId>');
    if (!(await stores.drafts.getDraft(draftId)))
      throw new AdminInputError(`There is no draft ${draftId}.`);
    for (const revision of await stores.revisions.list(draftId)) {
      const by = `${revision.issuedBy.name} (${revision.issuedBy.delegation})`;
      console.log(
        `${revision.number}  ${revision.name.padEnd(10)}  ${revision.symbol || '-'}  ${new Date(revision.issuedAt).toISOString()}  ${by}${revision.note ? `  ${revision.note}` : ''}`,
      );
    }
    return;
  }
  throw new UsageError(`Unknown command: draft ${sub ?? ''}`);
}

/** `draft silence <draftId>`: the draft's silence procedure as the store records it. */
async function silenceCommand(stores: Stores, args: string[]): Promise<void> {
  const [draftId = ''] = positionals(args, 1, 'draft silence <draftId>');
  if (!(await stores.drafts.getDraft(draftId)))
    throw new AdminInputError(`There is no draft ${draftId}.`);
  const procedure = await stores.silence.latest(draftId);
  if (!procedure) {
    console.log('No silence procedure on this draft.');
    return;
  }
  const when = (ms: number) => new Date(ms).toISOString();
  const by = (actor: { name: string; delegation: string }) => `${actor.name} (${actor.delegation})`;
  console.log(
    `${revisionName(procedure.revision)} under silence from ${when(procedure.startedAt)} until ${when(procedure.deadline)}, started by ${by(procedure.startedBy)}`,
  );
  for (const entry of procedure.breaks) {
    console.log(
      `  broken by ${by(entry.by)} at ${when(entry.at)} on ${entry.paragraphs}: ${entry.statement}`,
    );
  }
  console.log(
    procedure.outcome === null
      ? 'Running.'
      : `Outcome: ${procedure.outcome} at ${when(procedure.endedAt ?? procedure.deadline)}${procedure.endedBy ? ' (ended early by the facilitator)' : ''}.`,
  );
}

/** `draft compare <draftId> <from> <to> [--format md|docx] -o <file>`. */
async function compareCommand(stores: Stores, args: string[]): Promise<void> {
  const { values, positionals: rest } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'md' },
      output: { type: 'string', short: 'o' },
    },
  });
  const usage = 'draft compare <draftId> <from> <to> [--format md|docx] -o <file>';
  const [draftId = '', from = '', to = ''] = positionals(rest, 3, usage);
  if (!isComparisonFormat(values.format)) throw new UsageError('--format is md or docx.');
  if (!values.output) throw new UsageError('Give the file to write with -o <file>.');
  const number = (value: string) => {
    if (!/^\d{1,4}$/.test(value)) {
      throw new UsageError(`A revision is a number (0 for the zero draft), not "${value}".`);
    }
    return Number(value);
  };
  const [older, newer] = await Promise.all([
    stores.revisions.get(draftId, number(from)),
    stores.revisions.get(draftId, number(to)),
  ]);
  if (!older || !newer) {
    throw new AdminInputError(`Draft ${draftId} has no revision ${older ? to : from}.`);
  }
  const file = await comparisonFile(older, newer, values.format);
  fs.writeFileSync(values.output, file.bytes);
  console.log(`Wrote ${values.output}: ${newer.name} marked against ${older.name}.`);
}

/**
 * `draft revise <draftId> [--note …]`: records the next revision from the
 * stored draft. The live draft is the collaboration server's while Concord
 * runs, so the command writes nothing into it (the page's "Issue revision"
 * also sets the draft's symbol and may close pending amendments): it cuts the
 * revision from a copy, as stored, with the pending amendments carried over.
 */
async function reviseCommand(stores: Stores, args: string[]): Promise<void> {
  const { values, positionals: rest } = parseArgs({
    args,
    allowPositionals: true,
    options: { note: { type: 'string', default: '' } },
  });
  const [draftId = ''] = positionals(rest, 1, 'draft revise <draftId> [--note <text>]');
  if (values.note.length > MAX_REVISION_NOTE_LENGTH) {
    throw new UsageError(`The note is limited to ${MAX_REVISION_NOTE_LENGTH} characters.`);
  }
  const loaded = await loadDraftDoc(stores.drafts, draftId);
  if (!loaded) throw new AdminInputError(`There is no draft ${draftId}.`);
  const report = await issueRevision(
    stores,
    async (id, change) => (id === draftId ? { value: change(loaded.doc) } : null),
    draftId,
    { note: values.note, pending: 'carry' },
    { userId: 'cli', name: 'Command line', delegation: 'CLI' },
  );
  if (!report) throw new AdminInputError(`There is no draft ${draftId}.`);
  const { revision, carried } = report;
  console.log(
    `Recorded ${revision.name}${revision.symbol ? ` (${revision.symbol})` : ''}; ${carried} pending amendment${carried === 1 ? '' : 's'} carried over.`,
  );
}

/** `--amendment-model marks|objects` (default objects). */
function amendmentModelOption(value: string | undefined): AmendmentModel | undefined {
  if (value === undefined || value === 'marks' || value === 'objects') return value;
  throw new UsageError('--amendment-model is marks or objects.');
}

async function demo(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { 'amendment-model': { type: 'string' } } });
  const amendmentModel = amendmentModelOption(values['amendment-model']);
  if (!signInPolicy(env).allowDemoAccounts) {
    throw new AdminInputError(
      'Demo accounts have published passwords and are refused when NODE_ENV=production. ' +
        'Set ALLOW_DEMO_ACCOUNTS=true to seed them anyway.',
    );
  }
  const document = importFile(DEMO_FIXTURE);
  const result = await seedDemo(openStores(), {
    title: document.header.title || path.basename(DEMO_FIXTURE),
    body: document.body,
    header: document.header,
    ...(amendmentModel ? { amendmentModel } : {}),
  });
  if (!result.seeded) {
    console.log(`Demo: ${env.DATABASE_PATH}: ${result.reason}; nothing added.`);
  } else {
    console.log(
      `Demo: seeded ${env.DATABASE_PATH} with the Third Committee draft “${document.header.title}” and ${result.amendments} pending amendments.`,
    );
  }
  const demoUsers = new Set(
    (await openStores().accounts.listUsers())
      .filter((user) => user.isDemo && !user.removedAt)
      .map((user) => user.username),
  );
  const accounts = DEMO_ACCOUNTS.filter((account) => demoUsers.has(account.username));
  if (accounts.length === 0) return;
  console.log(
    `Sign in at http://localhost:${env.PORT}/sign-in as one of (password ${DEMO_PASSWORD}):`,
  );
  for (const account of accounts) {
    const note = account.isSecretariat ? ', Secretariat administrator' : '';
    console.log(
      `  ${account.username.padEnd(12)} ${account.name} — ${ROLE_LABELS[account.role]}${note}`,
    );
  }
}

async function auditCommand(sub: string | undefined, args: string[]): Promise<void> {
  const [draftId] = positionals(args, 1, `audit ${sub ?? 'verify'} <draftId>`);
  const { audit, drafts } = openStores();
  if (!draftId || !(await drafts.getDraft(draftId))) {
    throw new AdminInputError(`There is no draft ${draftId ?? ''}.`);
  }
  if (sub === 'verify') {
    const result = await audit.verify(draftId);
    if (result.ok) {
      console.log(`Audit record of ${draftId}: ${result.rows} rows, intact.`);
      return;
    }
    throw new AdminInputError(
      `Audit record of ${draftId} has been altered: row ${result.seq} ${result.reason}.`,
    );
  }
  if (sub === 'list') {
    process.stdout.write(auditCsv(await audit.list(draftId)));
    return;
  }
  throw new UsageError(`Unknown audit command: ${sub ?? '(none)'}`);
}

function exportFormat(id: string | undefined): ExportFormat {
  const format = id ? findExportFormat(id) : undefined;
  if (!format) throw new UsageError(`Give a format: one of ${EXPORT_FORMAT_LIST}.`);
  return format;
}

async function writeExport(
  format: ExportFormat,
  document: ResolutionDocument,
  out: string | undefined,
): Promise<void> {
  if (!out) throw new UsageError('Give the file to write with -o <file>.');
  fs.writeFileSync(out, await renderExport(format, document));
  console.log(`Wrote ${out} (${format.label}).`);
}

async function exportCommand(args: string[]): Promise<void> {
  const { values, positionals: rest } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      variant: { type: 'string', default: 'final' },
      output: { type: 'string', short: 'o' },
    },
  });
  const [draftId] = positionals(rest, 1, 'export <draftId> --format <format> -o <file>');
  const { variant } = values;
  if (!isExportVariant(variant)) {
    throw new UsageError(`--variant is one of ${EXPORT_VARIANTS.join('|')}.`);
  }
  const format = values.format ? findVariantFormat(variant, values.format) : undefined;
  if (!format) {
    throw new UsageError(
      `Give a format of the ${variant} variant: one of ${VARIANT_FORMAT_IDS[variant].join('|')}.`,
    );
  }
  if (!values.output) throw new UsageError('Give the file to write with -o <file>.');
  const { drafts } = openStores();
  const loaded = draftId ? await loadDraftDoc(drafts, draftId) : null;
  if (!draftId || !loaded) throw new AdminInputError(`There is no draft ${draftId ?? ''}.`);
  const { bytes, pending } = await exportDraft(loaded.doc, format);
  if (pending > 0 && variant === 'final') {
    console.error(
      `Note: ${pending} amendment${pending === 1 ? ' is' : 's are'} still pending; the final draft leaves them out.`,
    );
  }
  fs.writeFileSync(values.output, bytes);
  console.log(`Wrote ${values.output} (${format.label}).`);
}

async function convertCommand(args: string[]): Promise<void> {
  const { values, positionals: rest } = parseArgs({
    args,
    allowPositionals: true,
    options: { to: { type: 'string' }, output: { type: 'string', short: 'o' } },
  });
  const [file] = positionals(rest, 1, 'convert <file> --to <format> -o <file>');
  const format = exportFormat(values.to);
  await writeExport(format, importFile(file ?? ''), values.output);
}

/** `export-db <file>` and `import-db <file>`: the whole database to a dump and back. */
async function dumpCommand(command: 'export-db' | 'import-db', args: string[]): Promise<void> {
  const [file = ''] = positionals(args, 1, `${command} <file>`);
  // Said before the database is opened (which would create an empty SQLite file).
  if (command === 'import-db' && !fs.existsSync(file)) {
    throw new AdminInputError(`There is no file ${file}.`);
  }
  if (command === 'export-db' && !fs.existsSync(path.dirname(path.resolve(file)))) {
    throw new AdminInputError(`There is no folder ${path.dirname(file)} to write ${file} in.`);
  }
  const adapter = await openDumpAdapter(env);
  let counts: Record<string, number>;
  try {
    counts =
      command === 'export-db'
        ? await exportDatabase(adapter, file)
        : await importDatabase(adapter, file);
  } finally {
    await adapter.close();
  }
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  console.log(
    command === 'export-db'
      ? `Exported ${total} rows from ${dumpDatabaseName(env)} to ${file}:`
      : `Imported ${total} rows from ${file} into ${dumpDatabaseName(env)}:`,
  );
  const width = Math.max(...Object.keys(counts).map((name) => name.length));
  for (const [table, count] of Object.entries(counts)) {
    console.log(`  ${table.padEnd(width)}  ${count}`);
  }
}

/** A share (0–1) to two decimals; 0 of nothing. */
function share(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((100 * part) / whole) / 100;
}

/** The resolution `target` names: a Markdown or AKN file, else a draft's agreed text. */
async function resolutionToMatch(
  target: string,
): Promise<{ source: string; document: ResolutionDocument }> {
  if (fs.existsSync(target) || /\.(?:md|markdown|xml)$/i.test(target) || target.includes('/')) {
    if (!fs.existsSync(target)) throw new AdminInputError(`There is no file ${target}.`);
    return { source: target, document: importFile(target) };
  }
  const loaded = await loadDraftDoc(openStores().drafts, target);
  if (!loaded) throw new AdminInputError(`There is no draft ${target} (nor a file of that name).`);
  const { document, pending } = finalDraft(loaded.doc);
  loaded.doc.destroy();
  if (pending > 0) {
    console.error(
      `Note: ${pending} pending amendment${pending === 1 ? ' is' : 's are'} left out: the agreed text is matched.`,
    );
  }
  return { source: `draft ${target} “${document.header.title}”`, document };
}

/**
 * `precedents <file|draftId>`: each paragraph's agreed language (passages
 * found in adopted resolutions, opener aside) with its sources, newest first.
 */
async function precedentsCommand(args: string[]): Promise<void> {
  const [target = ''] = positionals(args, 1, 'precedents <file.md|file.xml|draftId>');
  const { source, document } = await resolutionToMatch(target);
  const index = await loadPrecedentIndex(extractPath());
  const place = (o: Occurrence) => `${o.symbol} ${o.ref}`;
  let words = 0;
  let agreedWords = 0;
  const paragraphs = referencedParagraphs(document.body).map(({ ref, text }) => {
    const match = index.match(text);
    words += match.words;
    agreedWords += match.agreedWords;
    const sources = match.sources
      .flatMap((s) =>
        s.occurrences.map((o) => ({
          symbol: o.symbol,
          ref: o.ref,
          title: o.title,
          date: o.date,
          committee: o.committee,
          vote: describeVote(o.vote),
          exact: s.exact,
        })),
      )
      .sort(compareNewestFirst);
    return {
      ref,
      words: match.words,
      agreedWords: match.agreedWords,
      coverage: share(match.agreedWords, match.words),
      spans: match.spans.map((span) => ({
        text: text.slice(span.start, span.end),
        sources: [
          ...new Set(
            span.sources
              .flatMap((s) => match.sources[s]?.occurrences ?? [])
              .sort(compareNewestFirst)
              .map(place),
          ),
        ],
      })),
      sources,
    };
  });
  const report = {
    source,
    paragraphs,
    summary: {
      paragraphs: paragraphs.length,
      agreedParagraphs: paragraphs.filter((p) => p.coverage >= 0.5).length,
      agreedWordShare: share(agreedWords, words),
    },
  };
  console.log(JSON.stringify(report, null, 2));
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === 'delegation') return delegationCommand(sub, rest);
  if (command === 'user') return userCommand(sub, rest);
  if (command === 'draft') return draftCommand(sub, rest);
  if (command === 'demo') return demo([sub ?? '', ...rest].filter(Boolean));
  if (command === 'audit') return auditCommand(sub, rest);
  if (command === 'export') return exportCommand([sub ?? '', ...rest].filter(Boolean));
  if (command === 'convert') return convertCommand([sub ?? '', ...rest].filter(Boolean));
  if (command === 'export-db' || command === 'import-db') {
    return dumpCommand(command, [sub ?? '', ...rest].filter(Boolean));
  }
  if (command === 'inspect') {
    const [file] = positionals([sub ?? '', ...rest].filter(Boolean), 1, 'inspect <file>');
    console.log(JSON.stringify(inspectResolution(importFile(file ?? '')), null, 2));
    return;
  }
  if (command === 'precedents') return precedentsCommand([sub ?? '', ...rest].filter(Boolean));
  throw new UsageError(command ? `Unknown command: ${argv.join(' ')}` : 'No command given.');
}

main(process.argv.slice(2)).then(
  async () => {
    // A PostgreSQL pool ends once its connections are idle.
    if (storesOpened) await getStores().close();
  },
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
    else if (error instanceof ImportError) console.error(`Import failed: ${error.message}`);
    else if (error instanceof AdminInputError) console.error(error.message);
    else console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
