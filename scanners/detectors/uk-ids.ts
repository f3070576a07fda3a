import { nhsValid } from '../validators/weighted';
import { checked, idDetector } from './id-detector';
import { digitsOf } from './detector';

export const ukIdDetector = idDetector('uk-id', [
  {
    entityType: 'UK_NINO',
    // Two prefix letters (D, F, I, Q, U, V never; O not second; some pairs never issued), six digits, suffix A-D.
    pattern: /(?<![\w-])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w-])/g,
    context: ['nino', 'national', 'insurance', 'ni'],
    validate: () => 'valid',
    base: 0.6,
  },
  {
    entityType: 'UK_NHS',
    pattern: /(?<![\w-]|\d )\d{3}([ -]?)\d{3}\1\d{4}(?![\w-]| \d)/g,
    context: ['nhs', 'health', 'patient', 'hospital', 'gp'],
    validate: (raw) => checked(nhsValid(digitsOf(raw))),
    requiresContext: true,
  },
]);
