/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Native module: loaded by Node at run time, never bundled.
  serverExternalPackages: ['better-sqlite3'],
};

export default nextConfig;
