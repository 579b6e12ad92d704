import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="page">
      <h1>Not found</h1>
      <p>There is no draft at this address. It may have been mistyped or never created.</p>
      <p>
        <Link href="/">Back to the list of drafts</Link>
      </p>
    </main>
  );
}
