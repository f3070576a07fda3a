export { createDataset, listDatasets, listOwnerCandidates, readDataset } from './datasets';
export { uploadDatasetVersion } from './upload-version';
export { readVersion, type TVersionDetail } from './read-version';
export { changeClassification } from './change-classification';
export { cancelScan, requestRescan } from './scans';
export * from './schemas';
export type { TDatasetView, TVersionView } from './views';
