// RFC 8785 (JSON Canonicalization Scheme). Only node built-ins, so the offline verifier can
// use it too. JSON.stringify already produces JCS strings and numbers (ECMAScript number
// serialisation); what JCS adds is key order by UTF-16 code units, which is what a plain
// sort() of JavaScript strings gives. Strings must be well-formed Unicode (I-JSON, RFC 7493,
// which JCS requires): a lone surrogate has no UTF-8 form, so it is refused, not escaped.

export type TJson = null | boolean | number | string | TJson[] | { [key: string]: TJson };

const LONE_SURROGATE = /\p{Cs}/u;

function jsonString(text: string): string {
  if (LONE_SURROGATE.test(text)) throw new TypeError('canonical JSON refuses strings with lone surrogates');
  return JSON.stringify(text);
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no representation for ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    if (value instanceof Date) return JSON.stringify(value.toISOString());
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${jsonString(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON has no representation for a ${typeof value}`);
}
