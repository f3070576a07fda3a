import { Suspense } from 'react';
import { SignInForm } from './sign-in-form';

export default function SignInPage() {
  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <Suspense>
        <SignInForm />
      </Suspense>
    </section>
  );
}
