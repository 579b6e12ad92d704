import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { DraftWorkspace } from '@/components/editor/DraftWorkspace';
import { isDraftId } from '@/lib/collab/protocol';
import { getDraftStore } from '@/lib/db/draft-store-instance';

export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ id: string }>;
}

// One lookup per request, shared by the metadata and the page.
const findDraft = cache(async (id: string) =>
  isDraftId(id) ? getDraftStore().getDraft(id) : null,
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const draft = await findDraft((await params).id);
  return { title: draft ? `${draft.title} · Concord` : 'Draft not found · Concord' };
}

export default async function DraftPage({ params }: Props) {
  const draft = await findDraft((await params).id);
  if (!draft) notFound();
  return <DraftWorkspace draftId={draft.id} title={draft.title} />;
}
