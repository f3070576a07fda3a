import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectServingMetrics, observePrediction, renderPrometheus, resetMetrics, setLoadedModels } from './metrics';

test('counters by status, a cumulative latency histogram and the loaded-models gauge in Prometheus text', () => {
  resetMetrics();
  const labels = { model: 'credit', version: 2, environment: 'production' };
  observePrediction({ ...labels, status: 'ok', latencyMs: 0.4, rows: 3 });
  observePrediction({ ...labels, status: 'ok', latencyMs: 7 });
  observePrediction({ ...labels, status: 'invalid_input' });
  setLoadedModels('production', 1);
  const text = renderPrometheus(collectServingMetrics());
  const lines = text.split('\n');
  const has = (line: string) => assert.ok(lines.includes(line), `missing: ${line}\n${text}`);
  has('# TYPE modelgate_predictions_total counter');
  has('modelgate_predictions_total{model="credit",version="2",environment="production",status="ok"} 2');
  has('modelgate_predictions_total{model="credit",version="2",environment="production",status="invalid_input"} 1');
  has('modelgate_prediction_rows_total{model="credit",version="2",environment="production"} 4');
  has('# TYPE modelgate_prediction_latency_seconds histogram');
  // 0.4 ms falls in every bucket from 0.5 ms up; 7 ms from 10 ms up.
  has('modelgate_prediction_latency_seconds_bucket{model="credit",version="2",environment="production",le="0.0005"} 1');
  has('modelgate_prediction_latency_seconds_bucket{model="credit",version="2",environment="production",le="0.005"} 1');
  has('modelgate_prediction_latency_seconds_bucket{model="credit",version="2",environment="production",le="0.01"} 2');
  has('modelgate_prediction_latency_seconds_bucket{model="credit",version="2",environment="production",le="+Inf"} 2');
  has('modelgate_prediction_latency_seconds_count{model="credit",version="2",environment="production"} 2');
  has('modelgate_prediction_latency_seconds_sum{model="credit",version="2",environment="production"} 0.0074');
  has('modelgate_loaded_models{environment="production"} 1');
  assert.ok(text.endsWith('\n'));
});

test('label values are escaped and samples of models the reader may not see are left out', () => {
  resetMetrics();
  observePrediction({ model: 'we"ird\\name\n', version: 1, environment: 'staging', status: 'ok', latencyMs: 1 });
  observePrediction({ model: 'secret', version: 1, environment: 'staging', status: 'ok', latencyMs: 1 });
  const text = renderPrometheus(collectServingMetrics((model) => model !== 'secret'));
  assert.match(text, /modelgate_predictions_total\{model="we\\"ird\\\\name\\n",version="1",environment="staging",status="ok"\} 1/);
  assert.doesNotMatch(text, /secret/);
  resetMetrics();
});
