// Masked samples are what leaves the scanner: enough to recognise the kind of value, never the value.

const star = (s: string) => s.replace(/[\p{L}\p{N}]/gu, '*');

/** Masks every letter and digit except the last `keep` alphanumerics. */
function keepLast(value: string, keep: number): string {
  let remaining = keep;
  const chars = [...value];
  for (let i = chars.length - 1; i >= 0; i--) {
    if (!/[\p{L}\p{N}]/u.test(chars[i]!)) continue;
    if (remaining > 0) remaining--;
    else chars[i] = '*';
  }
  return chars.join('');
}

/** First letter of each word, the rest starred: "J*** S****". */
const initials = (value: string) => value.replace(/([\p{L}\p{N}])([\p{L}\p{N}'’.-]*)/gu, (_, first: string, rest: string) => first + '*'.repeat(Math.max(2, rest.length)));

function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 1) return star(value);
  return `${value[0]}***${value.slice(at)}`;
}

function maskIp(value: string): string {
  if (value.includes(':')) return value.split(':').map((g, i) => (i === 0 ? g : g && '*')).join(':');
  return value.split('.').map((o, i) => (i === 0 ? o : '*')).join('.');
}

/** A masked rendering of a detected value that never equals it. */
export function maskValue(entityType: string, value: string): string {
  const digits = value.replace(/\D/g, '').length;
  let masked: string;
  switch (entityType) {
    case 'EMAIL_ADDRESS':
      masked = maskEmail(value);
      break;
    case 'IP_ADDRESS':
      masked = maskIp(value);
      break;
    case 'PERSON':
    case 'LOCATION':
    case 'ORGANIZATION':
    case 'STREET_ADDRESS':
      masked = initials(value);
      break;
    case 'DATE_OF_BIRTH':
    case 'ZIP_CODE':
      masked = star(value);
      break;
    case 'IBAN_CODE':
      masked = value.slice(0, 2) + keepLast(value.slice(2), 4);
      break;
    default:
      // Identifiers and numbers: the last four characters, as on receipts, when that leaves most of it hidden.
      masked = keepLast(value, digits >= 9 || value.length >= 9 ? 4 : 2);
  }
  return masked === value ? '*'.repeat(Math.max(3, value.length)) : masked;
}
