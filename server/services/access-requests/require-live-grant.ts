import { and, eq, gt, isNull } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { accessGrants } from '@/db/schema';
import { actorUserId, type TActor } from '@/policies/actor';
import { recordAudit } from '../../audit/transact';
import { AppError } from '../../errors';
import { asSubject } from '@/policies/ability';
import type { TServiceContext } from '../context';

const GATED = new Set(['confidential', 'restricted']);

/** What the content-gate needs to know about a dataset version. */
export interface TGatedVersion {
  id: string;
  datasetId: string;
  datasetName?: string;
  ownerId: string;
  classification: string | null;
}

/**
 * Why the actor may (or may not) read a version's content: it is not gated (public, internal,
 * not yet classified), they are exempt (system jobs, the dataset's owner, governance officers,
 * who decide access and reclassify), or they hold a live grant on the dataset.
 */
export type TContentAccess = {
  gated: boolean;
  allowed: boolean;
  via: 'not_gated' | 'system' | 'owner' | 'governance_officer' | 'grant' | null;
  /** The live grant's expiry when access comes from a grant. */
  grantExpiresAt: Date | null;
  /** Where a person asks for access. */
  requestUrl: string;
};

export const isGated = (classification: string | null) => classification !== null && GATED.has(classification);
export const accessRequestUrl = (datasetId: string) => `/access?dataset=${datasetId}`;

/** The actor's live (unexpired, unrevoked — now, not at the last sweep) grant on a dataset, if any. */
export async function liveGrantOf(db: TDbOrTx, userId: string, datasetId: string): Promise<{ id: string; expiresAt: Date } | null> {
  const [live] = await db
    .select({ id: accessGrants.id, expiresAt: accessGrants.expiresAt })
    .from(accessGrants)
    .where(and(eq(accessGrants.userId, userId), eq(accessGrants.datasetId, datasetId), isNull(accessGrants.revokedAt), gt(accessGrants.expiresAt, new Date())))
    .orderBy(accessGrants.expiresAt)
    .limit(1);
  return live ?? null;
}

/** Decides content access for one version; reads grants through `db` (a transaction's `tx` inside one). */
export async function contentAccessOf(db: TDbOrTx, actor: TActor, dataset: { datasetId: string; ownerId: string; classification: string | null }): Promise<TContentAccess> {
  const base = { grantExpiresAt: null, requestUrl: accessRequestUrl(dataset.datasetId) };
  const gated = isGated(dataset.classification);
  if (!gated) return { ...base, gated, allowed: true, via: 'not_gated' };
  if (actor.type === 'system') return { ...base, gated, allowed: true, via: 'system' };
  const userId = actorUserId(actor);
  if (!userId || actor.type === 'anonymous') return { ...base, gated, allowed: false, via: null };
  if (userId === dataset.ownerId) return { ...base, gated, allowed: true, via: 'owner' };
  if (actor.roles.includes('governance_officer')) return { ...base, gated, allowed: true, via: 'governance_officer' };
  const grant = await liveGrantOf(db, userId, dataset.datasetId);
  if (grant) return { ...base, gated, allowed: true, via: 'grant', grantExpiresAt: grant.expiresAt };
  return { ...base, gated, allowed: false, via: null };
}

/** Whether the actor may ask for access to the dataset (to show a "Request access" link, not to decide anything). */
export function canRequestAccess(ctx: TServiceContext, dataset: { teamId: string; ownerId: string }): boolean {
  const requesterId = actorUserId(ctx.actor);
  return requesterId !== null && ctx.ability.can('create', asSubject('AccessRequest', { teamId: dataset.teamId, ownerId: dataset.ownerId, requesterId }));
}

/** The refusal a caller sees: names the dataset and where to ask for access. */
export function grantRequiredError(version: TGatedVersion, doing = 'Reading the content of'): AppError {
  const name = version.datasetName ? `dataset "${version.datasetName}"` : 'this dataset';
  const url = accessRequestUrl(version.datasetId);
  return new AppError('grant_required', `${doing} ${name} (${version.classification}) needs a live access grant; request access at ${url}.`, {
    datasetId: version.datasetId,
    datasetVersionId: version.id,
    classification: version.classification,
    requestUrl: url,
  });
}

/** Audits the refusal (outside any transaction) and throws it. */
export async function denyWithoutGrant(ctx: TServiceContext, version: TGatedVersion, action: string, doing?: string): Promise<never> {
  await recordAudit(ctx.db, ctx.actor, {
    action: 'access.denied',
    subject: { type: 'DatasetVersion', id: version.id },
    data: { action, reason: 'no_live_grant' },
    outcome: 'denied',
  });
  throw grantRequiredError(version, doing);
}

/**
 * Reading a confidential or restricted dataset version's content needs a live grant, checked
 * now (not by a sweeper): unexpired and unrevoked. The dataset's owner, governance officers and
 * system jobs (the scanner) read without one. Call after authorize(read) on the version; a
 * refusal is audited and thrown as 403 grant_required.
 */
export async function requireLiveGrant(ctx: TServiceContext, version: TGatedVersion, action = 'read-content'): Promise<TContentAccess> {
  const access = await contentAccessOf(ctx.db, ctx.actor, version);
  if (!access.allowed) await denyWithoutGrant(ctx, version, action);
  return access;
}
