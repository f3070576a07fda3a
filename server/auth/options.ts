import type { NextAuthOptions } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getServerSession } from 'next-auth';
import { getDatabase } from '../runtime';
import { loadUserActor, type TUserActor } from './load-actor';
import { authSecret } from './secret';
import { signInWithPassword } from './sign-in';

// next-auth ships CommonJS: bundled by Next.js the default import is the function, under
// plain Node ESM (tests, CLI) it is the module object.
const CredentialsProvider = ((Credentials as unknown as { default?: typeof Credentials }).default ?? Credentials) as typeof Credentials;

export const authOptions: NextAuthOptions = {
  // Read when next-auth first needs it, not at import: the data folder may not be chosen yet.
  get secret() {
    return authSecret();
  },
  session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
  pages: { signIn: '/signin' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials) {
        if (!credentials?.email || !credentials.password) return null;
        const { db } = await getDatabase();
        const user = await signInWithPassword(db, credentials.email, credentials.password);
        return user ? { id: user.id } : null;
      },
    }),
  ],
  callbacks: {
    session({ session, token }) {
      return { ...session, userId: token.sub };
    },
  },
};

/** The signed-in user as an actor, re-read from the database (a disabled user is signed out). */
export async function sessionActor(): Promise<TUserActor | null> {
  const session = (await getServerSession(authOptions)) as { userId?: string } | null;
  if (!session?.userId) return null;
  const { db } = await getDatabase();
  return loadUserActor(db, session.userId);
}
