// Facts every report shares: a dataset version with its scan, classification history and grants;
// the lineage around a node; and the audit events of the report's subjects with the verification
// of the chain and the signed checkpoint that covers them. Each reads with the reader's ability:
// what they may not read is left out and the section says so.
import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { abilityWhere } from '@/db/queries/ability-where';
import {
  accessGrants,
  accessRequests,
  auditCheckpoints,
  auditEvents,
  datasetClassificationChanges,
  datasetFindings,
  datasets,
  datasetScans,
  datasetVersions,
  restrictedDataExceptions,
  teams,
  users,
} from '@/db/schema';
import { asSubject, type TAppAbility } from '@/policies/ability';
import { signCheckpoint, toCheckpoint, verifyCheckpointSignature } from '@/server/audit/checkpoints';
import type { TAuditRecord } from '@/server/audit/events';
import { chainHash, leafHash, ZERO_HASH } from '@/server/audit/hashing';
import { findPublicKey } from '@/server/audit/keys';
import { storedEventsBetween } from '@/server/audit/read-log';
import type { TServiceContext } from '@/server/services/context';
import packageJson from '../package.json';
import { walkLineage } from '@/server/lineage/walk';
import { visibleNodes } from '@/server/services/lineage/views';
import type { TAuditSection, TDatasetVersionView, THiddenDatasetVersion, TLineageView, TReportHeader } from './types';

export const GENERATOR_VERSION: string = packageJson.version;

/** How many audit events a report lists (the newest); the count of the rest is given. */
export const MAX_AUDIT_EVENTS = 500;
/** The lineage walk's limits, each way from the subject. */
export const LINEAGE_MAX_DEPTH = 1_000;
export const LINEAGE_MAX_NODES = 20_000;


const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const NOT_A_TEAM = '00000000-0000-0000-0000-000000000000';

/** Roles that see every team (auditor, governance officer, admin) can read a dataset of a team they are not in. */
export function seesEveryTeam(ability: TAppAbility): boolean {
  return ability.can('read', asSubject('Dataset', { id: NOT_A_TEAM, teamId: NOT_A_TEAM, ownerId: NOT_A_TEAM }));
}

export function reportHeader<K extends TReportHeader['kind']>(
  ctx: TServiceContext,
  kind: K,
  title: string,
  subject: TReportHeader['subject'],
): TReportHeader & { kind: K } {
  const actor = ctx.actor;
  const label = actor.type === 'user' ? `${actor.name} <${actor.email}>` : actor.type === 'token' ? `${actor.name} <${actor.email}> (API token)` : actor.type;
  return {
    formatVersion: 1,
    kind,
    title,
    generatedAt: new Date().toISOString(),
    generator: { name: 'modelgate', version: GENERATOR_VERSION },
    generatedFor: { label, roles: actor.type === 'user' || actor.type === 'token' ? [...actor.roles] : [] },
    subject,
  };
}

/**
 * A dataset version as a report shows it, or a hidden marker when the reader may not read it.
 * `trainingAt` (the model version's registration) marks the grants live at that time.
 */
export async function collectDatasetVersion(
  ctx: TServiceContext,
  versionId: string,
  trainingAt?: Date,
): Promise<TDatasetVersionView | THiddenDatasetVersion> {
  const { db, ability } = ctx;
  const owner = users;
  const [row] = await db
    .select({ version: datasetVersions, dataset: datasets, teamName: teams.name, ownerName: owner.name })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .innerJoin(teams, eq(teams.id, datasets.teamId))
    .innerJoin(owner, eq(owner.id, datasets.ownerId))
    .where(eq(datasetVersions.id, versionId));
  if (!row) return { hidden: true, id: versionId };
  const subject = { id: versionId, teamId: row.dataset.teamId, ownerId: row.dataset.ownerId };
  if (!ability.can('read', asSubject('DatasetVersion', subject))) return { hidden: true, id: versionId };
  const v = row.version;

  let scan: TDatasetVersionView['scan'] = null;
  if (ability.can('read', asSubject('DatasetScan', subject))) {
    const [latest] = await db.select().from(datasetScans).where(eq(datasetScans.versionId, versionId)).orderBy(desc(datasetScans.createdAt)).limit(1);
    if (latest) {
      const findings = await db
        .select({
          location: datasetFindings.location,
          entityType: datasetFindings.entityType,
          count: datasetFindings.count,
          confidence: datasetFindings.confidence,
          detector: datasetFindings.detector,
        })
        .from(datasetFindings)
        .where(eq(datasetFindings.scanId, latest.id))
        .orderBy(desc(datasetFindings.confidence), asc(datasetFindings.location));
      scan = { status: latest.status, scannerVersion: latest.scannerVersion, finishedAt: iso(latest.finishedAt), errorCode: latest.errorCode, findings };
    }
  }

  const changer = users;
  const history = await db
    .select({ c: datasetClassificationChanges, by: changer.name })
    .from(datasetClassificationChanges)
    .leftJoin(changer, eq(changer.id, datasetClassificationChanges.changedBy))
    .where(eq(datasetClassificationChanges.versionId, versionId))
    .orderBy(asc(datasetClassificationChanges.changedAt));

  // Grants on the dataset the reader may read (oversight: all; a data owner: theirs; others: their own).
  const grantee = users;
  const grantRows = await db
    .select({ g: accessGrants, user: grantee.name, email: grantee.email, purpose: accessRequests.purpose, decidedBy: accessRequests.decidedBy })
    .from(accessGrants)
    .innerJoin(accessRequests, eq(accessRequests.id, accessGrants.requestId))
    .innerJoin(grantee, eq(grantee.id, accessGrants.userId))
    .where(eq(accessGrants.datasetId, row.dataset.id))
    .orderBy(asc(accessGrants.startsAt));
  const deciderIds = [...new Set(grantRows.map((g) => g.decidedBy).filter((id): id is string => id !== null))];
  const deciders = new Map(
    deciderIds.length ? (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, deciderIds))).map((u) => [u.id, u.name]) : [],
  );
  const visibleGrants = grantRows.filter((g) =>
    ability.can('read', asSubject('AccessGrant', { id: g.g.id, teamId: row.dataset.teamId, ownerId: row.dataset.ownerId, userId: g.g.userId })),
  );

  const [exception] = await db
    .select({ reason: restrictedDataExceptions.reason, approvedBy: users.name, approvedAt: restrictedDataExceptions.approvedAt })
    .from(restrictedDataExceptions)
    .innerJoin(users, eq(users.id, restrictedDataExceptions.approvedBy))
    .where(eq(restrictedDataExceptions.datasetVersionId, versionId));

  return {
    id: v.id,
    datasetId: row.dataset.id,
    dataset: row.dataset.name,
    team: row.teamName,
    owner: row.ownerName,
    number: v.number,
    fileName: v.fileName,
    sha256: v.sha256,
    size: v.sizeBytes,
    format: v.format,
    rowCount: v.rowCount,
    classification: v.classification,
    createdAt: v.createdAt.toISOString(),
    scan,
    classificationHistory: history.map(({ c, by }) => ({
      at: c.changedAt.toISOString(),
      from: c.fromClassification,
      to: c.toClassification,
      reason: c.reason,
      by: c.changedBy ? (by ?? 'unknown') : 'PII scan',
    })),
    grants: visibleGrants.map((g) => ({
      id: g.g.id,
      user: `${g.user} <${g.email}>`,
      purpose: g.purpose,
      decidedBy: g.decidedBy ? (deciders.get(g.decidedBy) ?? null) : null,
      startsAt: g.g.startsAt.toISOString(),
      expiresAt: g.g.expiresAt.toISOString(),
      revokedAt: iso(g.g.revokedAt),
      coveredTraining: trainingAt
        ? g.g.startsAt <= trainingAt && g.g.expiresAt > trainingAt && (!g.g.revokedAt || g.g.revokedAt > trainingAt)
        : null,
    })),
    grantsNote: visibleGrants.length < grantRows.length ? `${grantRows.length - visibleGrants.length} grant(s) on this dataset are not visible to you.` : null,
    restrictedException: exception ? { reason: exception.reason, approvedBy: exception.approvedBy, approvedAt: exception.approvedAt.toISOString() } : null,
  };
}

/** The lineage node mirroring a Modelgate row, or null (no node, or no lineage tables on this installation). */
async function lineageStart(ctx: TServiceContext, kind: 'model_version' | 'dataset_version', subjectId: string): Promise<string | null | undefined> {
  try {
    const [row] = rowsOf<{ id: string }>(await ctx.db.execute(sql`select id from lineage_nodes where kind = ${kind} and subject_id = ${subjectId}::uuid`));
    return row?.id ?? null;
  } catch {
    return undefined;
  }
}

/**
 * The lineage around the node that mirrors `subjectId`, upstream and downstream (the lineage
 * service's walk: breadth-first, cycle-safe, nearest first), within the nodes the reader may see:
 * the walk never steps onto another team's node, so neither it nor what lies behind it is named;
 * only their number is given.
 */
export async function collectLineage(ctx: TServiceContext, kind: 'model_version' | 'dataset_version', subjectId: string): Promise<TLineageView> {
  const empty = (note: string): TLineageView => ({ visible: true, note, nodes: [], edges: [], truncated: false });
  const start = await lineageStart(ctx, kind, subjectId);
  if (start === undefined) return empty('The lineage graph is not available on this installation.');
  if (start === null) return empty('No lineage recorded for this subject.');
  const walked = await walkLineage(ctx.db, {
    startIds: [start],
    directions: ['upstream', 'downstream'],
    maxDepth: LINEAGE_MAX_DEPTH,
    maxNodes: LINEAGE_MAX_NODES,
    visible: visibleNodes(ctx.ability),
  });
  const ids = new Set(walked.nodes.map((n) => n.id));
  return {
    visible: walked.hidden === 0,
    note: walked.hidden ? `${walked.hidden} neighbouring node(s) belong to teams you cannot see; they and what lies behind them are left out.` : null,
    nodes: walked.nodes.map((n) => ({ id: n.id, kind: n.kind, label: n.label, depth: n.side === 'upstream' ? -n.depth : n.depth })),
    edges: walked.edges.filter((e) => ids.has(e.fromId) && ids.has(e.toId)).map((e) => ({ from: e.fromId, to: e.toId, relation: e.relation })),
    truncated: walked.truncated,
  };
}

/**
 * The audit events of the given subjects that the reader may read (newest MAX_AUDIT_EVENTS), the
 * re-derived chain up to a signed checkpoint covering them, and that checkpoint. The verification
 * needs the audit-checkpoint read right (oversight roles); others get the events only.
 */
export async function collectAudit(ctx: TServiceContext, subjects: { type: string; ids: string[] }[]): Promise<TAuditSection> {
  const { db, ability } = ctx;
  const e = auditEvents;
  const bySubject = subjects.filter((s) => s.ids.length).map((s) => and(eq(e.subjectType, s.type), inArray(e.subjectId, s.ids))!);
  const subjectList = subjects.flatMap((s) => s.ids.map((id) => `${s.type}:${id}`));
  const where: SQL = and(bySubject.length ? or(...bySubject) : sql`false`, abilityWhere(ability, 'read', 'AuditEvent', { actorId: e.actorId }))!;
  const rows = await db.select({ seq: e.seq, body: e.body, chainHash: e.chainHash }).from(e).where(where).orderBy(desc(e.seq)).limit(MAX_AUDIT_EVENTS);
  const [{ count } = { count: 0 }] = await db.select({ count: sql<number>`count(*)::int` }).from(e).where(where);
  const events = rows.reverse().map((r) => {
    const ev = JSON.parse(r.body) as TAuditRecord;
    return {
      seq: r.seq,
      at: ev.at,
      actor: ev.actor.label,
      action: ev.action,
      subject: `${ev.subject.type}${ev.subject.id ? ` ${ev.subject.id}` : ''}`,
      outcome: ev.outcome,
      chainHash: r.chainHash,
    };
  });
  const seesEverything = seesEveryTeam(ability) && ability.can('read', asSubject('AuditEvent', { actorId: NOT_A_TEAM }));
  const base = {
    subjects: subjectList,
    events,
    omitted: Math.max(0, count - events.length),
  };
  if (!ability.can('read', 'AuditCheckpoint')) {
    return {
      ...base,
      visible: false,
      note: 'Only the events you may read are listed (your own); the chain verification and checkpoints need an auditor, governance officer or admin.',
      verification: null,
      checkpoint: null,
    };
  }
  const maxSeq = events.at(-1)?.seq ?? 0;
  // The newest checkpoint, or a new one when none covers the listed events yet (as an export does).
  const [latest] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.size), desc(auditCheckpoints.id)).limit(1);
  const checkpointRow = latest && latest.size >= maxSeq ? toCheckpoint(latest) : await signCheckpoint(db);
  const verification = await verifyChainPrefix(ctx, checkpointRow.size);
  const key = await findPublicKey(db, checkpointRow.keyId);
  const signatureValid = key !== undefined && verifyCheckpointSignature(checkpointRow, key);
  const matchesChain = verification.problem === null && verification.headHash === checkpointRow.headHash;
  const ok = verification.problem === null && signatureValid && matchesChain;
  const summary = ok
    ? `VERIFIED: events 1-${checkpointRow.size} re-derived, head ${checkpointRow.headHash.slice(0, 16)}... matches checkpoint #${checkpointRow.id} signed by key ${checkpointRow.keyId}.`
    : `NOT VERIFIED: ${verification.problem ? `seq ${verification.problem.seq}: ${verification.problem.reason}` : !signatureValid ? 'the checkpoint signature does not verify' : 'the chain head does not match the checkpoint'}.`;
  return {
    ...base,
    visible: seesEverything,
    note: seesEverything ? null : 'Only the events you may read are listed.',
    verification: { ok, checkedSize: checkpointRow.size, headHash: verification.headHash, problem: verification.problem, summary },
    checkpoint: { ...checkpointRow, signatureValid, matchesChain },
  };
}

/** Re-derives events 1 … size from their stored bytes (leaf and chain hashes, gapless seq). */
async function verifyChainPrefix(ctx: TServiceContext, size: number): Promise<{ headHash: string; problem: { seq: number; reason: string } | null }> {
  let prev = ZERO_HASH;
  let seen = 0;
  for await (const row of storedEventsBetween(ctx.db, 1, size, 5_000)) {
    const leaf = leafHash(row.body);
    const reason =
      row.seq !== seen + 1 ? `seq ${row.seq} follows ${seen}` :
      row.prevHash !== prev ? 'prev_hash is not the previous chain hash' :
      row.leafHash !== leaf ? 'the body does not match its leaf hash' :
      row.chainHash !== chainHash(prev, leaf) ? 'the chain hash does not follow' : null;
    if (reason) return { headHash: prev, problem: { seq: row.seq, reason } };
    seen = row.seq;
    prev = row.chainHash;
  }
  if (seen !== size) return { headHash: prev, problem: { seq: seen + 1, reason: 'missing event' } };
  return { headHash: prev, problem: null };
}

/**
 * How many lineage nodes a report of this subject would draw, counted up to `atMost` (enough to
 * decide whether it runs as a job). 0 when there is no lineage.
 */
export async function countLineageNodes(ctx: TServiceContext, kind: 'model_version' | 'dataset_version', subjectId: string, atMost: number): Promise<number> {
  const start = await lineageStart(ctx, kind, subjectId);
  if (!start) return 0;
  const walked = await walkLineage(ctx.db, { startIds: [start], directions: ['upstream', 'downstream'], maxDepth: LINEAGE_MAX_DEPTH, maxNodes: atMost + 1, visible: visibleNodes(ctx.ability) });
  return walked.nodes.length;
}
