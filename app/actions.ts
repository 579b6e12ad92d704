'use server';

import { redirect } from 'next/navigation';
import { AdminInputError, createDraftWithFacilitator } from '@/lib/accounts/administration';
import { requireSignedIn } from '@/lib/auth/access';
import { importUploadedResolution } from '@/lib/import/import-file';
import { ImportError } from '@/lib/import/import-result';
import { getStores } from '@/lib/db/stores';

export interface CreateDraftState {
  error?: string;
  title?: string;
}

/**
 * Creates a draft held by the user's delegation (as facilitator), empty or
 * from an uploaded resolution text, and opens it.
 */
export async function createDraftAction(
  _previous: CreateDraftState,
  formData: FormData,
): Promise<CreateDraftState> {
  const { user } = await requireSignedIn();
  const raw = formData.get('title');
  const title = typeof raw === 'string' ? raw : '';
  let draftId: string;
  try {
    const document = await importUploadedResolution(formData.get('from'));
    const draft = await createDraftWithFacilitator(getStores(), {
      title: title.trim() || document?.header.title || '',
      body: document?.body,
      header: document?.header,
      facilitator: user.delegation.code,
    });
    draftId = draft.id;
  } catch (error) {
    if (error instanceof AdminInputError || error instanceof ImportError) {
      return { error: error.message, title };
    }
    throw error;
  }
  redirect(`/drafts/${draftId}`);
}
