import type { AmendmentModel } from '../collab/protocol';
import type { DraftRole } from '../auth/roles';
import type { Stores } from '../db/stores';
import type { ResolutionBody, ResolutionHeader } from '../schema/resolution-document';
import { seedDemoAmendments } from '../amendments/demo-amendments';
import { addDelegation, addUser, createDraftWithFacilitator } from './administration';

/** The published password of every demo account. */
export const DEMO_PASSWORD = 'concord-demo';

/** Delegations of the demo draft (its sponsors China, Cuba and the Russian Federation, and others), with their user. */
export const DEMO_ACCOUNTS: readonly {
  code: string;
  name: string;
  username: string;
  displayName: string;
  role: DraftRole;
  isSecretariat?: boolean;
}[] = [
  { code: 'CUB', name: 'Cuba', username: 'cuba', displayName: 'Carlos Pérez', role: 'facilitator' },
  { code: 'CHN', name: 'China', username: 'china', displayName: 'Li Wei', role: 'sponsor' },
  {
    code: 'RUS',
    name: 'Russian Federation',
    username: 'russia',
    displayName: 'Anna Ivanova',
    role: 'sponsor',
  },
  { code: 'EGY', name: 'Egypt', username: 'egypt', displayName: 'Nour Hassan', role: 'sponsor' },
  {
    code: 'FRA',
    name: 'France',
    username: 'france',
    displayName: 'Claire Martin',
    role: 'observer',
  },
  {
    code: 'NOR',
    name: 'Norway',
    username: 'norway',
    displayName: 'Ingrid Larsen',
    role: 'observer',
  },
  {
    code: 'UNS',
    name: 'United Nations Secretariat',
    username: 'secretariat',
    displayName: 'Secretariat',
    role: 'observer',
    isSecretariat: true,
  },
];

export type DemoSeedResult =
  { seeded: true; draftId: string; amendments: number } | { seeded: false; reason: string };

/**
 * Seeds an empty database with the demo delegations, users (password
 * `DEMO_PASSWORD`, marked as demo accounts) and one draft with their roles.
 * Never touches a database that holds users or drafts already.
 */
export async function seedDemo(
  stores: Stores,
  draft: {
    title: string;
    body: ResolutionBody;
    header?: Partial<ResolutionHeader>;
    /** Default: objects (marks only to test drafts kept on the old model). */
    amendmentModel?: AmendmentModel;
  },
): Promise<DemoSeedResult> {
  if ((await stores.accounts.countUsers()) > 0 || (await stores.drafts.listDrafts()).length > 0) {
    return { seeded: false, reason: 'the database already holds users or drafts' };
  }
  for (const account of DEMO_ACCOUNTS) {
    await addDelegation(stores, account);
    await addUser(stores, {
      username: account.username,
      displayName: account.displayName,
      delegationCode: account.code,
      password: DEMO_PASSWORD,
      isSecretariat: account.isSecretariat ?? false,
      isDemo: true,
    });
  }
  const created = await createDraftWithFacilitator(stores, draft);
  for (const account of DEMO_ACCOUNTS) {
    await stores.accounts.grantRole(created.id, account.code, account.role);
  }
  // A negotiation under way: the sponsors' amendments, pending the facilitator's decision.
  const users = await stores.accounts.listUsers();
  const userIds = new Map(
    users.filter((user) => user.isDemo).map((user) => [user.delegation.code, user.id]),
  );
  const amendments = await seedDemoAmendments(stores.drafts, created.id, userIds);
  return { seeded: true, draftId: created.id, amendments };
}
