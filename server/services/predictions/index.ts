export { listPredictions, type TPredictionView } from './list-predictions';
export { exportPredictions, PREDICTION_CSV_COLUMNS, type TPredictionExport } from './export-predictions';
export { predictionExportResponse } from './export-response';
export { listPredictionPartitions, maintainPredictionPartitions, schedulePredictionMaintenance, type TPartitionMaintenance } from './retention';
export * from './schemas';
