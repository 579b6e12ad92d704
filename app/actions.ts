'use server';

import { redirect } from 'next/navigation';
import { AdminInputError, createDraftWithFacilitator } from '@/lib/accounts/administration';
import { requireSignedIn } from '@/lib/auth/access';
import { getStores } from '@/lib/db/stores';

export interface CreateDraftState {
  error?: string;
  title?: string;
}

/** Creates an empty draft held by the user's delegation (as facilitator) and opens it. */
export async function createDraftAction(
  _previous: CreateDraftState,
  formData: FormData,
): Promise<CreateDraftState> {
  const { user } = await requireSignedIn();
  const raw = formData.get('title');
  const title = typeof raw === 'string' ? raw : '';
  let draftId: string;
  try {
    const draft = await createDraftWithFacilitator(getStores(), {
      title,
      facilitator: user.delegation.code,
    });
    draftId = draft.id;
  } catch (error) {
    if (error instanceof AdminInputError) return { error: error.message, title };
    throw error;
  }
  redirect(`/drafts/${draftId}`);
}
