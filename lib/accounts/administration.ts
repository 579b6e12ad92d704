import type { AmendmentModel } from '../collab/protocol';
import { z } from 'zod';
import { DELEGATION_CODE } from './delegation-code';
import { DRAFT_ROLES, type DraftRole } from '../auth/roles';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/passwords';
import { normalizeUsername } from '../auth/sessions';
import { isAccountConflict, type Delegation, type User } from '../db/account-store';
import type { Stores } from '../db/stores';
import type { DraftSummary } from '../db/draft-store';
import { isDraftId } from '../collab/protocol';
import { createDraft, MAX_TITLE_LENGTH } from '../drafts/create-draft';
import type { ResolutionHeader } from '../schema/resolution-document';
import type { ResolutionBody } from '../schema/resolution-json';
import { newId } from '../schema/new-id';

/**
 * Administration: the one code path the Secretariat page, the HTTP routes and
 * the CLI all go through, so each rule is written once.
 */

/** Input a person must correct; the message says how. */
export class AdminInputError extends Error {
  override name = 'AdminInputError';
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new AdminInputError(result.error.issues[0]?.message ?? 'Bad input.');
  return result.data;
}

async function conflictsAsInput<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isAccountConflict(error)) throw new AdminInputError(error.message);
    throw error;
  }
}

export const delegationCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    DELEGATION_CODE,
    'A delegation code is 2 to 12 letters or digits, starting with a letter (CUB, EU, G77).',
  );

const delegationSchema = z.object({
  code: delegationCodeSchema,
  name: z
    .string()
    .trim()
    .min(1, 'Give the delegation a name, for example “Cuba”.')
    .max(120, 'Keep the delegation name under 120 characters.'),
});

export async function addDelegation(stores: Stores, input: { code: string; name: string }) {
  const delegation: Delegation = parse(delegationSchema, input);
  return conflictsAsInput(() => stores.accounts.addDelegation(delegation));
}

const userSchema = z.object({
  username: z
    .string()
    .transform(normalizeUsername)
    .pipe(
      z
        .string()
        .regex(
          /^[a-z0-9][a-z0-9._-]{1,63}$/,
          'A username is 2 to 64 letters, digits, dots, dashes or underscores.',
        ),
    ),
  displayName: z.string().trim().max(120, 'Keep the display name under 120 characters.'),
  delegationCode: delegationCodeSchema,
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(MAX_PASSWORD_LENGTH, `A password may have at most ${MAX_PASSWORD_LENGTH} characters.`),
  isSecretariat: z.boolean(),
  isDemo: z.boolean(),
});

export async function addUser(
  stores: Stores,
  input: {
    username: string;
    displayName?: string;
    delegationCode: string;
    password: string;
    isSecretariat?: boolean;
    isDemo?: boolean;
  },
): Promise<User> {
  const parsed = parse(userSchema, {
    ...input,
    displayName: input.displayName ?? '',
    isSecretariat: input.isSecretariat ?? false,
    isDemo: input.isDemo ?? false,
  });
  const delegation = await stores.accounts.getDelegation(parsed.delegationCode);
  if (!delegation) {
    throw new AdminInputError(
      `There is no delegation with code ${parsed.delegationCode}. Add it first.`,
    );
  }
  return conflictsAsInput(async () =>
    stores.accounts.addUser({
      id: newId(),
      username: parsed.username,
      displayName: parsed.displayName || parsed.username,
      delegationCode: delegation.code,
      passwordHash: await hashPassword(parsed.password),
      isSecretariat: parsed.isSecretariat,
      isDemo: parsed.isDemo,
    }),
  );
}

/** Removes a user: their sessions end, and open websockets close within a recheck interval. */
export async function removeUser(stores: Stores, username: string): Promise<User> {
  const user = await stores.accounts.findUserForSignIn(normalizeUsername(username));
  if (!user || user.removedAt !== null) throw new AdminInputError(`There is no user ${username}.`);
  await stores.accounts.removeUser(user.id);
  return user;
}

const roleSchema = z.enum(DRAFT_ROLES, {
  message: `A role is one of: ${DRAFT_ROLES.join(', ')}.`,
});

async function existingDraft(stores: Stores, draftId: string): Promise<DraftSummary> {
  const draft = isDraftId(draftId) ? await stores.drafts.getDraft(draftId) : null;
  if (!draft) throw new AdminInputError(`There is no draft ${draftId}.`);
  return draft;
}

async function existingDelegation(stores: Stores, code: string): Promise<Delegation> {
  const parsed = parse(delegationCodeSchema, code);
  const delegation = await stores.accounts.getDelegation(parsed);
  if (!delegation) throw new AdminInputError(`There is no delegation with code ${parsed}.`);
  return delegation;
}

export async function grantDraftRole(
  stores: Stores,
  input: { draftId: string; delegationCode: string; role: string },
): Promise<{ draft: DraftSummary; delegation: Delegation; role: DraftRole }> {
  const role = parse(roleSchema, input.role);
  const draft = await existingDraft(stores, input.draftId);
  const delegation = await existingDelegation(stores, input.delegationCode);
  await stores.accounts.grantRole(draft.id, delegation.code, role);
  return { draft, delegation, role };
}

export async function withdrawDraftRole(
  stores: Stores,
  input: { draftId: string; delegationCode: string },
): Promise<void> {
  const draft = await existingDraft(stores, input.draftId);
  const delegation = await existingDelegation(stores, input.delegationCode);
  if (!(await stores.accounts.withdrawRole(draft.id, delegation.code))) {
    throw new AdminInputError(`${delegation.name} has no role on this draft.`);
  }
}

export const draftTitleSchema = z
  .string()
  .trim()
  .min(1, 'Give the draft a title, for example “Enhancement of international cooperation”.')
  .max(MAX_TITLE_LENGTH, `Keep the title under ${MAX_TITLE_LENGTH} characters.`);

/**
 * Creates a draft; `facilitator`, when given, is the delegation holding the pen;
 * `header`, when given (from an imported text), fills the draft's header.
 */
export async function createDraftWithFacilitator(
  stores: Stores,
  input: {
    title: string;
    body?: ResolutionBody;
    header?: Partial<ResolutionHeader>;
    facilitator?: string;
    amendmentModel?: AmendmentModel;
  },
): Promise<DraftSummary> {
  const title = parse(draftTitleSchema, input.title);
  const facilitator = input.facilitator
    ? await existingDelegation(stores, input.facilitator)
    : null;
  const draft = await createDraft(stores.drafts, {
    title,
    body: input.body,
    header: input.header,
    ...(input.amendmentModel ? { amendmentModel: input.amendmentModel } : {}),
  });
  if (facilitator) await stores.accounts.grantRole(draft.id, facilitator.code, 'facilitator');
  return draft;
}
