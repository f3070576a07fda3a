// The inferred type of a column: the narrowest type every non-null value fits.
const TYPES = ['boolean', 'integer', 'number', 'date', 'datetime', 'string'] as const;
export type TColumnType = (typeof TYPES)[number] | 'empty';

const INTEGER = /^[-+]?\d{1,18}$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
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
    if (this.fits & 0b110 && NUMBER.test(value)) fits |= 0b100 | (INTEGER.test(value) ? 0b10 : 0);
    if (this.fits & 0b11000) fits |= DATE.test(value) ? 0b11000 : DATETIME.test(value) ? 0b10000 : 0;
    this.fits &= fits;
  }

  get type(): TColumnType {
    if (!this.seen) return 'empty';
    return TYPES.find((_, i) => this.fits & (1 << i))!;
  }
}
