import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="page">
      <h1>Not found</h1>
      <p>
        There is no draft at this address for your delegation. The address may be mistyped, or your
        delegation has no role on that draft: ask the Secretariat or the draft’s facilitator.
      </p>
      <p>
        <Link href="/">Back to the list of drafts</Link>
      </p>
    </main>
  );
}
