// The bench's baselines (bench/serving.ts): a minimal node:http server running the same
// onnxruntime-node session, with no authentication, validation or recording. Started as its
// own process, like `modelgate serve`; prints its URL. With a second argument (a JSON object of
// the deployment's ids) it also records every prediction through the serving layer's
// group-commit recorder on DATABASE_URL before answering: the cost of durable recording alone.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { openDatabase } from '@/db/client';
import { createPredictionRecorder, type TPredictionRecord } from '@/server/serving/prediction-recorder';

type TIds = Pick<TPredictionRecord, 'modelVersionId' | 'deploymentId' | 'environmentId'>;

const session = await InferenceSession.create(readFileSync(process.argv[2]!));
const ids = process.argv[3] ? (JSON.parse(process.argv[3]) as TIds) : null;
const recorder = ids ? createPredictionRecorder(await openDatabase({ url: process.env.DATABASE_URL, maxConnections: 10 })) : null;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const started = performance.now();
    const request = JSON.parse(Buffer.concat(chunks).toString()) as { inputs: { features: number[][] } };
    const rows = request.inputs.features;
    const feeds = { features: new Tensor('float32', Float32Array.from(rows.flat()), [rows.length, rows[0]!.length]) };
    void session.run(feeds).then(async (out) => {
      const probability = Array.from(out.probability!.data as Float32Array);
      const label = Array.from(out.label!.data as BigInt64Array, Number);
      const outputs = { probability: rows.map((_, i) => probability.slice(i * 2, i * 2 + 2)), label };
      let answer: object = { outputs };
      if (recorder) {
        const requestId = randomUUID();
        await recorder.record({ ...ids!, requestId, callerUserId: null, callerTokenId: null, input: request, output: outputs, latencyMs: performance.now() - started, createdAt: new Date() });
        answer = { requestId, outputs };
      }
      const body = JSON.stringify(answer);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
