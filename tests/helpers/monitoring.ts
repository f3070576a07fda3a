import { and, eq } from 'drizzle-orm';
import type { TDb } from '@/db/client';
import { modelVersions, monitoringAlerts, registeredModels, type TAlertKind } from '@/db/schema';

/** An open alert on a version of a model (as the monitoring job would raise it), for tests of who acts on alerts. */
export async function insertOpenAlert(db: TDb, model: string, version: number, kind: TAlertKind = 'drift'): Promise<string> {
  const [row] = await db
    .select({ id: modelVersions.id })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(and(eq(registeredModels.name, model), eq(modelVersions.version, version)));
  const now = new Date();
  const [alert] = await db
    .insert(monitoringAlerts)
    .values({
      modelVersionId: row!.id,
      kind,
      summary: 'PSI 0.500 ≥ 0.2 on features[0]',
      details: { breaches: [{ feature: 'features[0]', metric: 'psi', value: 0.5, threshold: 0.2 }], windowCount: 500 },
      windowStart: new Date(now.getTime() - 3_600_000),
      windowEnd: now,
    })
    .returning({ id: monitoringAlerts.id });
  return alert!.id;
}
