import { and, eq, sql } from 'drizzle-orm';
import { datasets, datasetVersions, modelVersions, registeredModels, teams } from '@/db/schema';
import { asSubject, defineAbilityFor } from '@/policies/ability';
import type { TDatasetRef, TEventReferences, TVersionClaim } from '../../openlineage/references';
import { AppError } from '../../errors';
import type { TServiceContext } from '../context';

/** A registered version an OpenLineage node is the same as. */
export interface TLinkTarget {
  kind: 'dataset_version' | 'model_version';
  id: string;
  teamId: string;
  /** `loan-applicants@v2`, `credit-default-classifier@v3`. */
  label: string;
}

export interface TResolvedLinks {
  /** By index in references.datasets. */
  datasets: Map<number, TLinkTarget>;
  model: TLinkTarget | null;
  /** Claims that matched nothing the actor may read (unknown and hidden look the same). */
  warnings: string[];
}

const UUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

async function findDatasetVersions(ctx: TServiceContext, claim: TVersionClaim) {
  if (claim.by === 'facet' && !UUID.test(claim.id)) return [];
  const rows = await ctx.db
    .select({ id: datasetVersions.id, number: datasetVersions.number, name: datasets.name, teamId: datasets.teamId, ownerId: datasets.ownerId })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(claim.by === 'facet' ? eq(datasetVersions.id, claim.id) : and(eq(datasets.name, claim.name), eq(datasetVersions.number, claim.number)));
  return rows
    .filter((r) => ctx.ability.can('read', asSubject('DatasetVersion', r)))
    .map((r): TLinkTarget => ({ kind: 'dataset_version', id: r.id, teamId: r.teamId, label: `${r.name}@v${r.number}` }));
}

async function findModelVersions(ctx: TServiceContext, claim: TVersionClaim) {
  if (claim.by === 'facet' && !UUID.test(claim.id)) return [];
  const rows = await ctx.db
    .select({ id: modelVersions.id, version: modelVersions.version, name: registeredModels.name, teamId: registeredModels.teamId })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(
      claim.by === 'facet'
        ? eq(modelVersions.id, claim.id)
        : and(eq(sql`lower(${registeredModels.name})`, claim.name.toLowerCase()), eq(modelVersions.version, claim.number)),
    );
  return rows
    .filter((r) => ctx.ability.can('read', asSubject('ModelVersion', r)))
    .map((r): TLinkTarget => ({ kind: 'model_version', id: r.id, teamId: r.teamId, label: `${r.name}@v${r.version}` }));
}

function describeClaim(claim: TVersionClaim, idKey: string): string {
  return claim.by === 'facet' ? `modelgate.${idKey} ${claim.id}` : `the name ${claim.name}@v${claim.number}`;
}

/**
 * Finds the registered dataset and model versions an event claims to be. A claim links only to a
 * version the actor may read; one that matches nothing they may read (or, by name, more than one)
 * is reported as a warning and not linked, so an event never reveals another team's versions.
 */
export async function resolveLinks(ctx: TServiceContext, refs: TEventReferences): Promise<TResolvedLinks> {
  const result: TResolvedLinks = { datasets: new Map(), model: null, warnings: [] };
  const datasetClaims = refs.datasets.map((d, i) => [i, d] as const).filter((e): e is readonly [number, TDatasetRef & { claim: TVersionClaim }] => e[1].claim !== null);
  for (const [i, d] of datasetClaims) {
    const found = await findDatasetVersions(ctx, d.claim);
    if (found.length === 1) result.datasets.set(i, found[0]!);
    else result.warnings.push(`${d.at}: ${describeClaim(d.claim, 'datasetVersionId')} ${found.length === 0 ? 'matches no dataset version you may read' : 'matches more than one dataset version; name it by modelgate.datasetVersionId'}; not linked`);
  }
  if (refs.model) {
    const found = await findModelVersions(ctx, refs.model);
    if (found.length === 1) result.model = found[0]!;
    else result.warnings.push(`${refs.run ? 'run' : 'job'}: ${describeClaim(refs.model, 'modelVersionId')} matches no model version you may read; not linked`);
  }
  return result;
}

/**
 * The team the event's new external nodes are filed under (it decides who sees them): the team
 * asked for (`?team=` name or id; it must be one the actor may read), else the team of the first
 * version the event links to, else the actor's team when they have exactly one, else none (then
 * only the roles that see every team see the nodes).
 */
export async function resolveTeam(ctx: TServiceContext, requested: string | undefined, links: TResolvedLinks): Promise<string | null> {
  if (requested) {
    const [team] = await ctx.db
      .select({ id: teams.id })
      .from(teams)
      .where(UUID.test(requested) ? eq(teams.id, requested) : eq(teams.name, requested));
    // Teams are the user's to choose from, whatever the token's scopes (filing a node reads no team data).
    const userAbility = ctx.actor.type === 'token' ? defineAbilityFor({ ...ctx.actor, type: 'user' }) : ctx.ability;
    if (!team || !userAbility.can('read', asSubject('Team', team))) throw new AppError('invalid_input', `Unknown team ${JSON.stringify(requested)} (query parameter team).`);
    return team.id;
  }
  const linked = [...links.datasets.values(), ...(links.model ? [links.model] : [])][0];
  if (linked) return linked.teamId;
  const teamIds = ctx.actor.type === 'user' || ctx.actor.type === 'token' ? ctx.actor.teamIds : [];
  return teamIds.length === 1 ? teamIds[0]! : null;
}
