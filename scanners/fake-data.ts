// Deterministic fake personal data for demos, tests and benchmarks: valid-looking values with
// correct check digits (Luhn cards, SSA-rule SSNs, mod-97 IBANs), none of them real people.
import { mod97 } from './validators/mod97';

const FIRST = ['Alice', 'Bruno', 'Chloe', 'Dmitri', 'Elena', 'Farah', 'George', 'Hana', 'Ivan', 'Julia', 'Kofi', 'Lena', 'Marco', 'Nadia', 'Oscar', 'Priya'];
const LAST = ['Anderson', 'Brennan', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ivanova', 'Jensen', 'Kowalski', 'Larsen', 'Moreau', 'Novak', 'Okafor', 'Petrov'];
const STREETS = ['Maple Street', 'Oak Avenue', 'Cedar Lane', 'Elm Road', 'Birch Drive', 'Pine Court'];
const PRODUCTS = ['basic', 'plus', 'premium', 'family', 'business'];
const STATUS = ['active', 'paused', 'closed'];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'PL'];

/** mulberry32: a small seeded generator, so the same seed gives the same file. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createFakePeople(seed = 1) {
  const random = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');
  const pad = (n: number, w: number) => String(n).padStart(w, '0');

  const luhnDigit = (body: string) => {
    let sum = 0;
    for (let i = 0; i < body.length; i++) {
      let d = body.charCodeAt(body.length - 1 - i) - 48;
      if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    return String((10 - (sum % 10)) % 10);
  };

  return {
    firstName: () => pick(FIRST),
    lastName: () => pick(LAST),
    fullName: () => `${pick(FIRST)} ${pick(LAST)}`,
    email: () => `${pick(FIRST).toLowerCase()}.${pick(LAST).toLowerCase()}${int(1, 9999)}@example.com`,
    /** A Visa-range number with a valid Luhn digit. */
    card: () => {
      const body = '4' + digits(14);
      return body + luhnDigit(body);
    },
    /** Follows the SSA rules: area not 000, 666 or 9xx; group and serial not zero. */
    ssn: () => {
      let area = int(1, 899);
      if (area === 666) area = 667;
      return `${pad(area, 3)}-${pad(int(1, 99), 2)}-${pad(int(1, 9999), 4)}`;
    },
    phone: () => `+1 ${int(201, 989)}-${int(200, 999)}-${pad(int(0, 9999), 4)}`,
    /** A German IBAN with correct mod-97 check digits. */
    iban: () => {
      const bban = digits(18);
      const check = 98 - mod97(bban + 'DE00');
      return `DE${pad(check, 2)}${bban}`;
    },
    ip: () => `${int(11, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
    street: () => `${int(1, 999)} ${pick(STREETS)}`,
    date: () => `${int(2015, 2025)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`,
    birthDate: () => `${int(1940, 2005)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`,
    amount: () => (random() * 5000).toFixed(2),
    integer: (lo: number, hi: number) => int(lo, hi),
    product: () => pick(PRODUCTS),
    status: () => pick(STATUS),
    country: () => pick(COUNTRIES),
    flag: () => (random() < 0.5 ? 'true' : 'false'),
    sku: () => `SKU-${digits(6)}`,
    score: () => random().toFixed(4),
  };
}

/** Quotes a CSV value when it needs it. */
export function csvValue(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
