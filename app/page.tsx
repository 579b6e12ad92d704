import Link from 'next/link';
import { CreateDraftForm } from '@/components/drafts/CreateDraftForm';
import { getDraftStore } from '@/lib/db/draft-store-instance';

export const dynamic = 'force-dynamic';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

export default async function DraftListPage() {
  const drafts = await getDraftStore().listDrafts();
  return (
    <main className="page">
      <header className="page-header">
        <h1>Concord</h1>
        <p className="tagline">Draft resolutions, negotiated together.</p>
      </header>
      <section aria-labelledby="drafts-heading">
        <h2 id="drafts-heading">Drafts</h2>
        {drafts.length === 0 ? (
          <p className="empty">No drafts yet. Create the first one below.</p>
        ) : (
          <table className="draft-list">
            <thead>
              <tr>
                <th scope="col">Title</th>
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
  );
}
