'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDraftStore } from '@/lib/db/draft-store-instance';
import { createDraft, MAX_TITLE_LENGTH } from '@/lib/drafts/create-draft';

const createDraftInput = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'Give the draft a title, for example “Enhancement of international cooperation”.')
    .max(MAX_TITLE_LENGTH, `Keep the title under ${MAX_TITLE_LENGTH} characters.`),
});

export interface CreateDraftState {
  error?: string;
  title?: string;
}

/** Creates an empty draft and opens it. */
export async function createDraftAction(
  _previous: CreateDraftState,
  formData: FormData,
): Promise<CreateDraftState> {
  const raw = formData.get('title');
  const parsed = createDraftInput.safeParse({ title: typeof raw === 'string' ? raw : '' });
  if (!parsed.success) {
    return { error: parsed.error.issues[0]?.message, title: typeof raw === 'string' ? raw : '' };
  }
  const draft = await createDraft(getDraftStore(), { title: parsed.data.title });
  redirect(`/drafts/${draft.id}`);
}
