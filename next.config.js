/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // No need to tell anyone what serves the site.
  poweredByHeader: false,
  // `npm test` type-checks the whole project (`npm run typecheck`) before it builds: the build
  // does not check again (twice the time on two cores).
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // Resolution texts are uploaded through server actions (the import allows 2 MB).
    serverActions: { bodySizeLimit: '3mb' },
  },
  // Loaded by Node at run time, never bundled: better-sqlite3 is native, pg and ioredis hold
  // the connections the server opened (shared through globalThis), and Yjs and the
  // ProseMirror packages must be the same module instances as the collaboration server's,
  // which runs in this process (two copies of Yjs break its constructor checks).
  serverExternalPackages: [
    'better-sqlite3',
    'pg',
    'ioredis',
    'yjs',
    'lib0',
    'y-protocols',
    '@tiptap/y-tiptap',
    '@tiptap/core',
    '@tiptap/pm',
    '@tiptap/extension-bold',
    '@tiptap/extension-italic',
    '@tiptap/extension-text',
  ],
};

export default nextConfig;
