// JSON Lines: each line is one object; its leaves become columns named by JSON path
// (`user.email`, `tags[]`), so a column seen first on line 10,000 is added then.
import { decodeText } from './decode-text';
import { ReadError } from './errors';
import type { TReader } from './source';

type TLeaves = Map<string, string[]>;

function flatten(value: unknown, path: string, out: TLeaves): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) flatten(item, `${path}[]`, out);
    return;
  }
  if (typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flatten(child, path ? `${path}.${key}` : key, out);
    return;
  }
  const list = out.get(path || '$');
  if (list) list.push(String(value));
  else out.set(path || '$', [String(value)]);
}

export const readJsonLines: TReader = async function* (source, ctx) {
  const index = new Map<string, number>();
  let carry = '';
  let line = 0;
  let rows = 0;

  function* parseLine(text: string) {
    line++;
    if (!text.trim()) return;
    if (text.length > ctx.limits.maxRecordChars) throw new ReadError('record_too_large', `Line ${line} is longer than ${ctx.limits.maxRecordChars} characters.`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ReadError('invalid_json', `Line ${line} is not JSON: ${(error as Error).message}`);
    }
    const leaves: TLeaves = new Map();
    flatten(parsed, '', leaves);
    const before = index.size;
    for (const path of leaves.keys()) if (!index.has(path)) index.set(path, index.size);
    if (index.size > before) yield { kind: 'columns' as const, columns: [...index.keys()], member: ctx.member };
    const values: (string | null | string[])[] = new Array(index.size).fill(null);
    for (const [path, list] of leaves) values[index.get(path)!] = list.length === 1 ? list[0]! : list;
    rows++;
    yield { kind: 'row' as const, values };
  }

  for await (const text of decodeText(await source.open(), ctx)) {
    const lines = (carry + text).split('\n');
    carry = lines.pop()!;
    if (carry.length > ctx.limits.maxRecordChars) throw new ReadError('record_too_large', `Line ${line + lines.length + 1} is longer than ${ctx.limits.maxRecordChars} characters.`);
    for (const l of lines) yield* parseLine(l);
  }
  yield* parseLine(carry);
  if (rows === 0) throw new ReadError('empty_file', 'The file holds no JSON lines.');
};
