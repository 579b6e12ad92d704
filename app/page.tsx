import Link from 'next/link';
import { AccountBar } from '@/components/auth/AccountBar';
import { CreateDraftForm } from '@/components/drafts/CreateDraftForm';
import { requireUser } from '@/lib/auth/current-user';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { getStores } from '@/lib/db/stores';
import { PRECEDENT_SEARCH_PATH } from '@/lib/precedents/precedent-links';

export const dynamic = 'force-dynamic';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

export default async function DraftListPage() {
  const { user } = await requireUser('/');
  const drafts = await getStores().accounts.listDraftsForDelegation(user.delegation.code);
  return (
    <>
      <AccountBar user={user} />
      <main className="page">
        <header className="page-header">
          <h1>Drafts of {user.delegation.name}</h1>
          <p className="tagline">
            The drafts your delegation takes part in, and its role on each. For wording the General
            Assembly has adopted, <Link href={PRECEDENT_SEARCH_PATH}>search agreed language</Link>.
          </p>
        </header>
        <section aria-labelledby="drafts-heading">
          <h2 id="drafts-heading" className="visually-hidden">
            Drafts
          </h2>
          {drafts.length === 0 ? (
            <p className="empty">
              Your delegation has no role on any draft yet. The Secretariat or a draft’s facilitator
              adds delegations; you can also start a draft below.
            </p>
          ) : (
            <table className="draft-list">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Your role</th>
                  <th scope="col">Last change (UTC)</th>
                </tr>
              </thead>
              <tbody>
                {drafts.map((draft) => (
                  <tr key={draft.id}>
                    <td>
                      <Link href={`/drafts/${draft.id}`}>{draft.title}</Link>
                    </td>
                    <td>
                      <span className={`role-badge role-${draft.role}`}>
                        {ROLE_LABELS[draft.role]}
                      </span>
                    </td>
                    <td>
                      <time dateTime={new Date(draft.updatedAt).toISOString()}>
                        {dateFormat.format(draft.updatedAt)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <CreateDraftForm />
      </main>
    </>
  );
}
