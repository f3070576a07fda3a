// The bench's baseline (bench/serving.ts): a minimal node:http server running the same
// onnxruntime-node session, with no authentication, validation or recording. Started as its
// own process, like `modelgate serve`; prints its URL.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { InferenceSession, Tensor } from 'onnxruntime-node';

const session = await InferenceSession.create(readFileSync(process.argv[2]!));
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const { inputs } = JSON.parse(Buffer.concat(chunks).toString()) as { inputs: { features: number[][] } };
    const rows = inputs.features;
    const feeds = { features: new Tensor('float32', Float32Array.from(rows.flat()), [rows.length, rows[0]!.length]) };
    void session.run(feeds).then((out) => {
      const probability = Array.from(out.probability!.data as Float32Array);
      const label = Array.from(out.label!.data as BigInt64Array, Number);
      const body = JSON.stringify({ outputs: { probability: rows.map((_, i) => probability.slice(i * 2, i * 2 + 2)), label } });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
