/** What every bench module returns, one row per figure. */
export interface TBenchRow {
  metric: string;
  value: number;
  unit: string;
  note?: string;
}

/** Benches that need PostgreSQL create (and drop) fresh databases on this server. */
export const BENCH_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
