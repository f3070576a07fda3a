import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { TDb } from '@/db/client';
import { teams, users } from '@/db/schema';
import { createFakePeople, csvValue } from '@/scanners/fake-data';
import { loadUserActor } from '@/server/auth/load-actor';
import { serviceContext } from '@/server/services/context';
import { createDataset, uploadDatasetVersion } from '@/server/services/datasets';

type TFake = ReturnType<typeof createFakePeople>;

function csv(header: string[], rows: number, row: (fake: TFake, i: number) => (string | number)[], seed: number): Readable {
  const fake = createFakePeople(seed);
  const lines = [header.join(',')];
  for (let i = 1; i <= rows; i++) lines.push(row(fake, i).map(String).map(csvValue).join(','));
  return Readable.from([Buffer.from(lines.join('\n') + '\n')]);
}

const applicants = (rows: number, seed: number) =>
  csv(['applicant_id', 'full_name', 'email', 'ssn', 'birth_date', 'income', 'loan_amount', 'approved'], rows, (f, i) => [i, f.fullName(), f.email(), f.ssn(), f.birthDate(), f.amount(), f.amount(), f.flag()], seed);

const transactions = (rows: number, seed: number) =>
  csv(['transaction_id', 'card_number', 'ip_address', 'amount', 'merchant_country', 'status', 'booked_on'], rows, (f, i) => [`T${100000 + i}`, f.card(), f.ip(), f.amount(), f.country(), f.status(), f.date()], seed);

const DEMO_DATASETS = [
  {
    team: 'Credit Risk',
    creator: 'scientist@modelgate.local',
    name: 'loan-applicants',
    description: 'Retail loan applications with applicant identity and outcome (fake data).',
    versions: [() => applicants(300, 11), () => applicants(500, 12)],
  },
  {
    team: 'Fraud Detection',
    creator: 'fraud-scientist@modelgate.local',
    name: 'card-transactions',
    description: 'Card transactions labelled by investigators (fake data).',
    versions: [() => transactions(400, 21)],
  },
];

/**
 * A dataset per demo team with a version or two of generated CSVs (fake names, emails, SSNs,
 * Luhn-valid card numbers), owned by the demo data owner. Their scans are queued by the scan
 * workers when they start, so they are scanned on first start.
 */
export async function seedDemoDatasets(db: TDb): Promise<void> {
  const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'owner@modelgate.local'));
  for (const demo of DEMO_DATASETS) {
    const [creator] = await db.select({ id: users.id }).from(users).where(eq(users.email, demo.creator));
    const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.name, demo.team));
    const ctx = serviceContext(db, (await loadUserActor(db, creator!.id))!);
    const dataset = await createDataset(ctx, { teamId: team!.id, ownerId: owner!.id, name: demo.name, description: demo.description });
    for (const [i, content] of demo.versions.entries()) {
      await uploadDatasetVersion(ctx, dataset.id, `${demo.name}-v${i + 1}.csv`, content(), { queueScan: false });
    }
  }
}
