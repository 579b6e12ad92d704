import type { DraftRole } from '../lib/auth/roles';
import type { Account, ConcordServer, Delegate } from './fixtures';

/** A short draft to negotiate: one PP, two OPs. */
export const BODY = {
  preamble: [[{ text: 'Recalling its resolution 76/159,' }]],
  operative: [
    {
      kind: 'paragraph' as const,
      content: [{ text: 'Decides to convene a high-level meeting in 2027;' }],
    },
    {
      kind: 'paragraph' as const,
      content: [{ text: 'Requests the Secretary-General to report.' }],
    },
  ],
};

/** A draft of BODY with these roles, each delegation signed in (in order) with the draft open. */
export async function negotiation(
  concord: ConcordServer,
  delegate: (account: Account) => Promise<Delegate>,
  title: string,
  roles: readonly [[Account, DraftRole], [Account, DraftRole], [Account, DraftRole]],
): Promise<{ draftId: string; delegates: [Delegate, Delegate, Delegate] }> {
  const draftId = await concord.createDraft(title, BODY);
  for (const [account, role] of roles) await concord.grant(draftId, account, role);
  const delegates: [Delegate, Delegate, Delegate] = [
    await delegate(roles[0][0]),
    await delegate(roles[1][0]),
    await delegate(roles[2][0]),
  ];
  for (const { draft } of delegates) await draft.open(draftId);
  return { draftId, delegates };
}
