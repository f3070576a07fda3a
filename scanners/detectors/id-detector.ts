import { collect, judgeWith, type TDetector, type TValidation } from './detector';
import type { TMatch } from '../types';

/** One national identifier: its shape, its validator and the words that announce it. */
export interface TIdSpec {
  entityType: string;
  /** Global regex with its own boundaries. */
  pattern: RegExp;
  context: readonly string[];
  veto?: readonly string[];
  /** Check digit or issuing rules; null means "not this identifier at all". Omitted when none exists. */
  validate?: (raw: string) => TValidation | null;
  /** True when the bare shape is too common to report without a context word. */
  requiresContext?: boolean | ((raw: string) => boolean);
  /** The shape is telling enough that a failed check is still worth reporting. */
  distinctive?: boolean | ((raw: string) => boolean);
  base?: number;
}

const GENERIC_VETO = ['order', 'version', 'uid', 'uuid', 'isbn', 'invoice', 'sku', 'ticket', 'tracking', 'serial'];

const resolve = (flag: boolean | ((raw: string) => boolean) | undefined, raw: string): boolean =>
  typeof flag === 'function' ? flag(raw) : !!flag;

/** A detector family made of several identifier specs (one file per country or region). */
export function idDetector(name: string, specs: readonly TIdSpec[]): TDetector {
  return {
    name,
    entityTypes: specs.map((s) => s.entityType),
    detect: (text) =>
      specs.flatMap((spec): TMatch[] =>
        collect(text, spec.pattern, spec.entityType, name, (m) => {
          const raw = m[0];
          const validation = spec.validate ? spec.validate(raw) : 'unvalidated';
          if (!validation) return null;
          return judgeWith(text, m.index, m.index + raw.length, { context: spec.context, veto: spec.veto ?? GENERIC_VETO }, {
            validation,
            base: spec.base,
            requiresContext: resolve(spec.requiresContext, raw),
            distinctive: resolve(spec.distinctive, raw),
          });
        }),
      ),
  };
}

/** Maps a boolean check to a validation, with an optional list of known test values. */
export function checked(ok: boolean, testValues?: ReadonlySet<string>, key?: string): TValidation {
  if (testValues && key !== undefined && testValues.has(key)) return 'test-value';
  return ok ? 'valid' : 'invalid-checksum';
}
