// The inferred type of a column: the narrowest type every non-null value fits.
const TYPES = ['boolean', 'integer', 'number', 'date', 'datetime', 'string'] as const;
export type TColumnType = (typeof TYPES)[number] | 'empty';

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * 2 for an integer of at most 18 digits (/^[-+]?\d{1,18}$/), 1 for another decimal number
 * (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/), 0 otherwise: read without regular expressions,
 * since numeric columns run this on every value.
 */
function numberKind(v: string): number {
  const n = v.length;
  let i = v.charCodeAt(0) === 43 || v.charCodeAt(0) === 45 ? 1 : 0;
  const intStart = i;
  while (i < n && isDigit(v.charCodeAt(i))) i++;
  const intDigits = i - intStart;
  if (i === n) return intDigits === 0 ? 0 : intDigits <= 18 ? 2 : 1;
  let fracDigits = 0;
  if (v.charCodeAt(i) === 46) {
    const fracStart = ++i;
    while (i < n && isDigit(v.charCodeAt(i))) i++;
    fracDigits = i - fracStart;
  }
  if (intDigits === 0 && fracDigits === 0) return 0;
  if (i < n) {
    if ((v.charCodeAt(i) | 0x20) !== 101) return 0; // e or E
    i++;
    if (v.charCodeAt(i) === 43 || v.charCodeAt(i) === 45) i++;
    const expStart = i;
    while (i < n && isDigit(v.charCodeAt(i))) i++;
    if (i === expStart) return 0;
  }
  return i === n ? 1 : 0;
}
const BOOLEAN = /^(true|false|TRUE|FALSE|True|False)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export class ColumnTypeTally {
  /** Bit i set while every value so far fits TYPES[i]. */
  private fits = (1 << TYPES.length) - 1;
  private seen = false;

  add(value: string): void {
    this.seen = true;
    if (this.fits === 1 << (TYPES.length - 1)) return; // already only "string"
    let fits = 1 << (TYPES.length - 1);
    if (this.fits & 1 && BOOLEAN.test(value)) fits |= 1;
    if (this.fits & 0b110) {
      const kind = numberKind(value);
      if (kind) fits |= kind === 2 ? 0b110 : 0b100;
    }
    if (this.fits & 0b11000) fits |= DATE.test(value) ? 0b11000 : DATETIME.test(value) ? 0b10000 : 0;
    this.fits &= fits;
  }

  get type(): TColumnType {
    if (!this.seen) return 'empty';
    return TYPES.find((_, i) => this.fits & (1 << i))!;
  }
}
