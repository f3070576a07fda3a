/** How each kind of lineage node is named on screen. */
export const KIND_LABELS: Record<string, string> = {
  dataset_version: 'Dataset version',
  training_run: 'Training run',
  model_version: 'Model version',
  deployment: 'Deployment',
  prediction_batch: 'Prediction batch',
  external_dataset: 'External dataset',
  external_job: 'External job',
  external_run: 'External run',
};
