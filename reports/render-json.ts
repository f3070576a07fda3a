import type { TReport } from './types';

/** The JSON form of a report: the collected object itself, pretty-printed, one trailing newline. */
export function renderReportJson(report: TReport): Buffer {
  return Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8');
}
