// Validity of North American numbers (country calling code 1) from libphonenumber-js's own
// metadata, with its regular expressions compiled once. libphonenumber-js compiles each pattern
// on every check and, for a +1 number, tries up to 25 countries in turn, which made phone columns
// the slowest part of a table scan. This follows its steps exactly (getCountryByNationalNumber,
// then getNumberType); nanp.test.ts compares the two on random numbers.
import { Metadata, type CountryCode } from 'libphonenumber-js/max';

const TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;

interface TPlan {
  country: string;
  leadingDigits: RegExp | null;
  general: RegExp;
  types: { pattern: RegExp; lengths: number[] | undefined }[];
}

interface TNumberingPlan {
  leadingDigits(): string | undefined;
  nationalNumberPattern(): string;
  type(type: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

let plans: TPlan[] | undefined;

function nanpPlans(): TPlan[] {
  if (plans) return plans;
  const metadata = new Metadata() as unknown as { selectNumberingPlan(c: string): void; numberingPlan: TNumberingPlan; getCountryCodesForCallingCode(code: string): string[] };
  plans = metadata.getCountryCodesForCallingCode('1').map((country) => {
    metadata.selectNumberingPlan(country as CountryCode);
    const plan = metadata.numberingPlan;
    const leading = plan.leadingDigits();
    return {
      country,
      leadingDigits: leading ? new RegExp(leading) : null,
      general: new RegExp(`^(?:${plan.nationalNumberPattern()})$`),
      types: TYPES.flatMap((t) => {
        const type = plan.type(t);
        const pattern = type?.pattern();
        return pattern ? [{ pattern: new RegExp(`^(?:${pattern})$`), lengths: type!.possibleLengths() }] : [];
      }),
    };
  });
  return plans;
}

/** getNumberType(...) !== undefined for one plan. */
function hasType(plan: TPlan, national: string): boolean {
  if (!plan.general.test(national)) return false;
  return plan.types.some((t) => (!t.lengths || t.lengths.includes(national.length)) && t.pattern.test(national));
}

/**
 * Whether libphonenumber-js/max judges +1 `national` (the digits after the country code) valid:
 * the first country whose leading digits match, or (without leading digits) whose types match,
 * is the number's country, and the number is valid when it has a type there.
 */
function judge(national: string): boolean {
  for (const plan of nanpPlans()) {
    if (plan.leadingDigits) {
      if (national.search(plan.leadingDigits) === 0) return hasType(plan, national);
    } else if (hasType(plan, national)) return true;
  }
  return false;
}

/** Verdicts of ten-digit numbers by their first six digits (0 unknown, 1 invalid, 2 valid), made on first use. */
let byPrefix: Uint8Array | undefined;
const TEN_DIGITS = /^\d{10}$/;

/**
 * `judge`, remembered by area code and exchange for ten-digit numbers: in the numbering plans the
 * last four digits never change the verdict (nanp.test.ts checks it against libphonenumber-js), and a
 * phone column holds millions of numbers but few exchanges.
 */
export function nanpValid(national: string): boolean {
  if (!TEN_DIGITS.test(national)) return judge(national);
  byPrefix ??= new Uint8Array(1_000_000);
  const prefix = +national.slice(0, 6);
  const known = byPrefix[prefix]!;
  if (known) return known === 2;
  const valid = judge(national);
  byPrefix[prefix] = valid ? 2 : 1;
  return valid;
}
