import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getDraftStore } from '@/lib/db/draft-store-instance';
import { createDraft, MAX_TITLE_LENGTH } from '@/lib/drafts/create-draft';
import { env } from '@/lib/env';
import { ImportError, importResolutionMarkdown } from '@/lib/import/resolution-markdown';

const USAGE = `Usage: npm run cli -- <command>

  draft create --title <title> [--from <file.md>]   create a draft; prints its id
  draft list                                        list drafts (id, last change, title)
  demo                                              create the demo draft unless drafts exist
`;

/** The demo: a real General Assembly resolution, in the repository's fixtures. */
const DEMO_FIXTURE = 'fixtures/A_RES_79_89.md';

class UsageError extends Error {}

async function draftCreate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { title: { type: 'string' }, from: { type: 'string' } },
  });
  let body;
  let title = values.title?.trim();
  if (values.from) {
    const imported = importResolutionMarkdown(fs.readFileSync(values.from, 'utf8'));
    for (const warning of imported.warnings) console.error(`warning: ${warning}`);
    body = imported.body;
    title ||= imported.title ?? undefined;
  }
  if (!title) throw new UsageError('A draft needs a title: pass --title "<title>".');
  if (title.length > MAX_TITLE_LENGTH) {
    throw new UsageError(`The title is longer than ${MAX_TITLE_LENGTH} characters.`);
  }
  const draft = await createDraft(getDraftStore(), { title, body });
  console.log(draft.id);
}

async function draftList(): Promise<void> {
  for (const draft of await getDraftStore().listDrafts()) {
    console.log(`${draft.id}  ${new Date(draft.updatedAt).toISOString()}  ${draft.title}`);
  }
}

async function demo(): Promise<void> {
  const store = getDraftStore();
  if ((await store.listDrafts()).length > 0) {
    console.log(`Demo: ${env.DATABASE_PATH} already holds drafts; nothing added.`);
    return;
  }
  const imported = importResolutionMarkdown(fs.readFileSync(DEMO_FIXTURE, 'utf8'));
  const draft = await createDraft(store, {
    title: imported.title ?? path.basename(DEMO_FIXTURE),
    body: imported.body,
  });
  console.log(`Demo: created "${draft.title}" (${draft.id}) in ${env.DATABASE_PATH}.`);
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === 'draft' && sub === 'create') return draftCreate(rest);
  if (command === 'draft' && sub === 'list') return draftList();
  if (command === 'demo') return demo();
  throw new UsageError(command ? `Unknown command: ${argv.join(' ')}` : 'No command given.');
}

main(process.argv.slice(2)).then(
  () => getDraftStore().close(),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
    else if (error instanceof ImportError) console.error(`Import failed: ${error.message}`);
    else console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
