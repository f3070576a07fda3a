/** The string formats the OpenLineage spec asserts (date-time, uri, uuid), and how ingest repairs them. */
export type TFormat = 'date-time' | 'uri' | 'uuid';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;
const SPACED_DATE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2}))$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
// RFC 3986 absolute URI: a scheme, then only URI characters, with well-formed percent escapes.
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** The URN an unparseable URI is kept in, so nothing the producer sent is lost. */
export const UNPARSED_URI_PREFIX = 'urn:modelgate:unparsed-uri:';

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1]!;
}

function validTime(h: number, min: number, s: number): boolean {
  return h <= 23 && min <= 59 && s <= 60;
}

export function checkFormat(format: TFormat, value: string): boolean {
  switch (format) {
    case 'uuid':
      return UUID.test(value);
    case 'uri':
      return URI.test(value);
    case 'date-time': {
      const m = DATE_TIME.exec(value);
      if (!m) return false;
      if (!validDate(Number(m[1]), Number(m[2]), Number(m[3])) || !validTime(Number(m[4]), Number(m[5]), Number(m[6]))) return false;
      const offset = m[8]!;
      if (offset.length === 6 && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4, 6)) > 59)) return false;
      return true;
    }
  }
}

/**
 * What Marquez accepts and the spec does not, repaired: a date-time without a timezone is read as
 * UTC, a bare date as midnight UTC, a space before the time becomes `T`; a value that is not a URI
 * (a placeholder such as "string") is kept inside a `urn:modelgate:unparsed-uri:` URN. UUIDs and
 * impossible dates are never repaired.
 */
export function repairFormat(format: TFormat, value: string): { value: string; message: string } | null {
  if (format === 'date-time') {
    const spaced = SPACED_DATE_TIME.exec(value);
    if (spaced) {
      const fixed = `${spaced[1]}T${spaced[2]}`;
      if (checkFormat('date-time', fixed)) return { value: fixed, message: 'a space separated date and time; written with T' };
    }
    const local = LOCAL_DATE_TIME.exec(value);
    if (local) {
      const fixed = `${local[1]}-${local[2]}-${local[3]}T${local[4]}:${local[5]}:${local[6] ?? '00'}${local[7] ?? ''}Z`;
      if (checkFormat('date-time', fixed)) return { value: fixed, message: 'no timezone; read as UTC' };
    }
    const date = DATE_ONLY.exec(value);
    if (date) {
      const fixed = `${value}T00:00:00Z`;
      if (checkFormat('date-time', fixed)) return { value: fixed, message: 'a date without a time; read as midnight UTC' };
    }
    return null;
  }
  if (format === 'uri') {
    if (value.startsWith(UNPARSED_URI_PREFIX) || LONE_SURROGATE.test(value)) return null;
    const fixed = `${UNPARSED_URI_PREFIX}${encodeURIComponent(value)}`;
    return { value: fixed, message: `not a URI (a placeholder?); kept as ${fixed}` };
  }
  return null;
}
