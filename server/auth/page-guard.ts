import { redirect } from 'next/navigation';
import { defineAbilityFor } from '@/policies/ability';
import type { TAction, TSubjectName } from '@/policies/vocabulary';
import { sessionActor } from './options';

/** For server components: the signed-in actor, or a redirect to the sign-in page. */
export async function requireActor(from: string) {
  const actor = await sessionActor();
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(from)}`);
  return { actor, ability: defineAbilityFor(actor) };
}

/** Whether to show a page or link; the server still checks every call the page makes. */
export async function pageAllows(from: string, action: TAction, kind: TSubjectName) {
  const { actor, ability } = await requireActor(from);
  return { actor, allowed: ability.can(action, kind) };
}
