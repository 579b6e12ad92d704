'use server';

import { revalidatePath } from 'next/cache';
import {
  addDelegation,
  addUser,
  AdminInputError,
  createDraftWithFacilitator,
  grantDraftRole,
  removeUser,
  withdrawDraftRole,
} from '@/lib/accounts/administration';
import { AccessError, requireSecretariat, requireSignedIn } from '@/lib/auth/access';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { getStores } from '@/lib/db/stores';
import { importUploadedResolution } from '@/lib/import/import-file';
import { ImportError } from '@/lib/import/import-result';
import type { AdminFormState } from '@/components/admin/admin-form-state';

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** Runs one administration step for a Secretariat user and reports it to the form. */
async function administer(step: () => Promise<string>): Promise<AdminFormState> {
  try {
    requireSecretariat(await requireSignedIn());
    const message = await step();
    revalidatePath('/admin');
    return { ok: true, message, at: Date.now() };
  } catch (error) {
    if (
      error instanceof AdminInputError ||
      error instanceof AccessError ||
      error instanceof ImportError
    ) {
      return { ok: false, message: error.message, at: Date.now() };
    }
    throw error;
  }
}

export async function addDelegationAction(_: AdminFormState, form: FormData) {
  return administer(async () => {
    const delegation = await addDelegation(getStores(), {
      code: text(form, 'code'),
      name: text(form, 'name'),
    });
    return `Added ${delegation.name} (${delegation.code}).`;
  });
}

export async function addUserAction(_: AdminFormState, form: FormData) {
  return administer(async () => {
    const user = await addUser(getStores(), {
      username: text(form, 'username'),
      displayName: text(form, 'displayName'),
      delegationCode: text(form, 'delegation'),
      password: text(form, 'password'),
      isSecretariat: form.get('secretariat') === 'on',
    });
    return `Added ${user.displayName} (${user.username}) to ${user.delegation.name}.`;
  });
}

export async function removeUserAction(_: AdminFormState, form: FormData) {
  return administer(async () => {
    const user = await removeUser(getStores(), text(form, 'username'));
    return `Removed ${user.username}; their sessions have ended.`;
  });
}

export async function createDraftAdminAction(_: AdminFormState, form: FormData) {
  return administer(async () => {
    const document = await importUploadedResolution(form.get('from'));
    const title = text(form, 'title').trim() || document?.header.title || '';
    const draft = await createDraftWithFacilitator(getStores(), {
      title,
      body: document?.body,
      header: document ? { ...document.header, title } : undefined,
      facilitator: text(form, 'facilitator') || undefined,
    });
    return `Created “${draft.title}”.`;
  });
}

export async function grantRoleAction(_: AdminFormState, form: FormData) {
  return administer(async () => {
    const granted = await grantDraftRole(getStores(), {
      draftId: text(form, 'draftId'),
      delegationCode: text(form, 'delegation'),
      role: text(form, 'role'),
    });
    return `${granted.delegation.name} is now ${ROLE_LABELS[granted.role].toLowerCase()}.`;
  });
}

export async function withdrawRoleAction(_: AdminFormState, form: FormData) {
  return administer(async () => {
    await withdrawDraftRole(getStores(), {
      draftId: text(form, 'draftId'),
      delegationCode: text(form, 'delegation'),
    });
    return 'Role withdrawn; the delegation’s open connections close within a minute.';
  });
}
