import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Concord',
  description: 'Collaborative drafting of United Nations draft resolutions',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, so its scripts carry that response's CSP nonce
  // (a prerendered page, such as the 404, would have none and be blocked).
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
