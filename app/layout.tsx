import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '@/lib/trpc-client';
import { Nav } from './_components/nav';
import './globals.css';

export const metadata: Metadata = { title: 'Modelgate', description: 'Model governance: catalog, approvals, lineage, audit.' };
export const dynamic = 'force-dynamic';

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <Nav />
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
