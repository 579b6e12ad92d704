import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { AccountBar } from '@/components/auth/AccountBar';
import { DraftWorkspace } from '@/components/editor/DraftWorkspace';
import { SkipToText } from '@/components/editor/SkipToText';
import { delegationColor, draftDelegationColors } from '@/lib/accounts/delegation-color';
import { AccessError, requireDraftRole } from '@/lib/auth/access';
import { getCurrentUser, requireUser } from '@/lib/auth/current-user';
import { getStores } from '@/lib/db/stores';

export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ id: string }>;
}

// One lookup per request, shared by the metadata and the page; null without a role.
const findDraft = cache(async (id: string) => {
  const signedIn = await getCurrentUser();
  if (!signedIn) return null;
  try {
    const role = await requireDraftRole(signedIn, id, 'view');
    const draft = await getStores().drafts.getDraft(id);
    return draft ? { draft, role } : null;
  } catch (error) {
    if (error instanceof AccessError) return null;
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await findDraft((await params).id);
  return { title: found ? `${found.draft.title} · Concord` : 'Draft not found · Concord' };
}

export default async function DraftPage({ params }: Props) {
  const { id } = await params;
  const { user } = await requireUser(`/drafts/${id}`);
  const found = await findDraft(id);
  if (!found) notFound();
  // Each delegation of the draft its own colour, in the order they joined it.
  const grants = await getStores().accounts.listGrants(id);
  const colors = draftDelegationColors(
    [...grants]
      .sort(
        (a, b) => a.grantedAt - b.grantedAt || a.delegation.code.localeCompare(b.delegation.code),
      )
      .map((grant) => grant.delegation.code),
  );
  return (
    <>
      <SkipToText />
      <AccountBar user={user} />
      <DraftWorkspace
        draftId={found.draft.id}
        title={found.draft.title}
        colors={colors}
        me={{
          userId: user.id,
          name: user.displayName,
          delegation: user.delegation.code,
          delegationName: user.delegation.name,
          color: colors[user.delegation.code] ?? delegationColor(user.delegation.code),
          role: found.role,
        }}
      />
    </>
  );
}
