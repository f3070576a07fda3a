export { generateReport, planReport, reportFileResponse, REPORT_JOB_NODE_THRESHOLD, type TReportPlan } from './generate-report';
export { listReportSubjects } from './list-subjects';
export { collectReport, recordGeneratedReport, renderReport, type TRenderedReport } from './produce-report';
export { listReportJobs, openReportJobResult, queueReportJob, readReportJob, type TReportJobView } from './report-jobs';
export { ensureReportWorker, stopReportWorker } from './report-worker';
export { resolveReportSubject, type TReportSubject } from './resolve-subject';
export * from './schemas';
