import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountBar } from '@/components/auth/AccountBar';
import { AdminForm } from '@/components/admin/AdminForm';
import { requireUser } from '@/lib/auth/current-user';
import { DRAFT_ROLES, ROLE_LABELS } from '@/lib/auth/roles';
import type { DraftGrant } from '@/lib/db/account-store';
import { getStores } from '@/lib/db/stores';
import {
  addDelegationAction,
  addUserAction,
  createDraftAdminAction,
  grantRoleAction,
  removeUserAction,
  withdrawRoleAction,
} from './actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Administration · Concord' };

export default async function AdminPage() {
  const { user } = await requireUser('/admin');
  if (!user.isSecretariat) {
    return (
      <>
        <AccountBar user={user} />
        <main className="page">
          <h1>Administration</h1>
          <p>Only Secretariat accounts administer delegations, users and roles.</p>
          <p>
            <Link href="/">Back to your drafts</Link>
          </p>
        </main>
      </>
    );
  }
  const { accounts, drafts: draftStore } = getStores();
  const [delegations, users, drafts, grants] = await Promise.all([
    accounts.listDelegations(),
    accounts.listUsers(),
    draftStore.listDrafts(),
    accounts.listGrants(),
  ]);
  const grantsByDraft = new Map<string, DraftGrant[]>();
  for (const grant of grants) {
    grantsByDraft.set(grant.draftId, [...(grantsByDraft.get(grant.draftId) ?? []), grant]);
  }
  const delegationOptions = delegations.map((d) => (
    <option key={d.code} value={d.code}>
      {d.name} ({d.code})
    </option>
  ));

  return (
    <>
      <AccountBar user={user} />
      <main className="page admin-page">
        <h1>Administration</h1>
        <p className="tagline">Delegations, their users, drafts and who takes part in each.</p>

        <section aria-labelledby="drafts-admin-heading" className="admin-section">
          <h2 id="drafts-admin-heading">Drafts and roles</h2>
          {drafts.map((draft) => (
            <article key={draft.id} className="admin-draft" aria-label={draft.title}>
              <h3>
                <Link href={`/drafts/${draft.id}`}>{draft.title}</Link>
              </h3>
              <p className="admin-id">
                Id <code>{draft.id}</code>
              </p>
              <ul className="grant-list" aria-label={`Roles on ${draft.title}`}>
                {(grantsByDraft.get(draft.id) ?? []).map((grant) => (
                  <li key={grant.delegation.code}>
                    <span className={`role-badge role-${grant.role}`}>
                      {ROLE_LABELS[grant.role]}
                    </span>{' '}
                    {grant.delegation.name}
                    <AdminForm
                      action={withdrawRoleAction}
                      submitLabel="Withdraw"
                      danger
                      label={`Withdraw ${grant.delegation.name}'s role`}
                      className="inline-form"
                    >
                      <input type="hidden" name="draftId" value={draft.id} />
                      <input type="hidden" name="delegation" value={grant.delegation.code} />
                    </AdminForm>
                  </li>
                ))}
                {(grantsByDraft.get(draft.id) ?? []).length === 0 ? (
                  <li className="empty">No delegation has a role yet.</li>
                ) : null}
              </ul>
              <AdminForm
                action={grantRoleAction}
                submitLabel="Give role"
                label={`Give a delegation a role on ${draft.title}`}
                className="inline-form grant-form"
              >
                <input type="hidden" name="draftId" value={draft.id} />
                <label>
                  Delegation{' '}
                  <select name="delegation" required defaultValue="">
                    <option value="" disabled>
                      Choose…
                    </option>
                    {delegationOptions}
                  </select>
                </label>
                <label>
                  Role{' '}
                  <select name="role" defaultValue="sponsor">
                    {DRAFT_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {ROLE_LABELS[role]}
                      </option>
                    ))}
                  </select>
                </label>
              </AdminForm>
            </article>
          ))}
          <AdminForm action={createDraftAdminAction} submitLabel="Create draft" label="New draft">
            <h3>New draft</h3>
            <label htmlFor="admin-draft-title">Title</label>
            <input id="admin-draft-title" name="title" maxLength={300} />
            <label htmlFor="admin-draft-from">
              From a resolution text (Markdown or AKN4UN XML, optional; its title is used if none is
              given)
            </label>
            <input
              id="admin-draft-from"
              name="from"
              type="file"
              accept=".md,.markdown,.txt,.xml,text/markdown,text/plain,application/xml,text/xml"
            />
            <label htmlFor="admin-draft-facilitator">Facilitator (holds the pen)</label>
            <select id="admin-draft-facilitator" name="facilitator" defaultValue="">
              <option value="">None yet</option>
              {delegationOptions}
            </select>
          </AdminForm>
        </section>

        <section aria-labelledby="delegations-heading" className="admin-section">
          <h2 id="delegations-heading">Delegations</h2>
          <table className="draft-list">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Users</th>
              </tr>
            </thead>
            <tbody>
              {delegations.map((d) => (
                <tr key={d.code}>
                  <td>{d.code}</td>
                  <td>{d.name}</td>
                  <td>
                    {users.filter((u) => u.delegation.code === d.code && !u.removedAt).length}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <AdminForm
            action={addDelegationAction}
            submitLabel="Add delegation"
            label="New delegation"
          >
            <h3>New delegation</h3>
            <label htmlFor="admin-delegation-code">Code (e.g. CUB, EU, G77)</label>
            <input
              id="admin-delegation-code"
              name="code"
              required
              maxLength={12}
              autoCapitalize="characters"
            />
            <label htmlFor="admin-delegation-name">Name</label>
            <input id="admin-delegation-name" name="name" required maxLength={120} />
          </AdminForm>
        </section>

        <section aria-labelledby="users-heading" className="admin-section">
          <h2 id="users-heading">Users</h2>
          <table className="draft-list">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Name</th>
                <th scope="col">Delegation</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.username}</td>
                  <td>{u.displayName}</td>
                  <td>{u.delegation.name}</td>
                  <td>
                    {[
                      u.isSecretariat ? 'Secretariat' : null,
                      u.isDemo ? 'demo' : null,
                      u.removedAt ? 'removed' : 'active',
                    ]
                      .filter(Boolean)
                      .join(', ')}
                  </td>
                  <td>
                    {u.removedAt || u.id === user.id ? null : (
                      <AdminForm
                        action={removeUserAction}
                        submitLabel="Remove"
                        danger
                        label={`Remove ${u.username}`}
                        className="inline-form"
                      >
                        <input type="hidden" name="username" value={u.username} />
                      </AdminForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <AdminForm action={addUserAction} submitLabel="Add user" label="New user">
            <h3>New user</h3>
            <label htmlFor="admin-user-username">Username</label>
            <input id="admin-user-username" name="username" required autoComplete="off" />
            <label htmlFor="admin-user-name">Display name</label>
            <input id="admin-user-name" name="displayName" />
            <label htmlFor="admin-user-delegation">Delegation</label>
            <select id="admin-user-delegation" name="delegation" required defaultValue="">
              <option value="" disabled>
                Choose…
              </option>
              {delegationOptions}
            </select>
            <label htmlFor="admin-user-password">Initial password (at least 10 characters)</label>
            <input
              id="admin-user-password"
              name="password"
              type="password"
              required
              minLength={10}
              autoComplete="new-password"
            />
            <label className="checkbox">
              <input type="checkbox" name="secretariat" /> Secretariat administrator
            </label>
          </AdminForm>
        </section>
      </main>
    </>
  );
}
