import { esIdValid } from '../validators/mod23';
import { itFiscalCodeValid } from '../validators/it-fiscal-code';
import { bsnValid, deTaxIdValid, peselValid } from '../validators/weighted';
import { checked, idDetector } from './id-detector';
import { digitsOf } from './detector';

/** PESEL encodes the birth date; months are offset by 20 per century (80 for the 1800s). */
function peselDateOk(d: string): boolean {
  const month = Number(d.slice(2, 4)) % 20;
  const day = Number(d.slice(4, 6));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

export const europeIdDetector = idDetector('europe-id', [
  {
    entityType: 'ES_NIF',
    pattern: /(?<![\w-])\d{8}-?[A-Z](?![\w-])/g,
    context: ['nif', 'dni', 'documento', 'identidad'],
    validate: (raw) => checked(esIdValid(raw.replace('-', ''))),
    distinctive: true,
  },
  {
    entityType: 'ES_NIE',
    pattern: /(?<![\w-])[XYZ]-?\d{7}-?[A-Z](?![\w-])/g,
    context: ['nie', 'extranjero', 'residencia'],
    validate: (raw) => checked(esIdValid(raw.replace(/-/g, ''))),
    distinctive: true,
  },
  {
    entityType: 'IT_FISCAL_CODE',
    // Surname and name letters, birth year, month letter, day (+40 for women), place code, check letter;
    // digits may be replaced by LMNPQRSTUV when codes collide (omocodia).
    pattern: /(?<![\w-])[A-Z]{6}[\dLMNP-V]{2}[ABCDEHLMPRST][\dLMNP-V]{2}[A-Z][\dLMNP-V]{3}[A-Z](?![\w-])/g,
    context: ['codice', 'fiscale', 'cf', 'fiscal'],
    validate: (raw) => checked(itFiscalCodeValid(raw)),
    distinctive: true,
  },
  {
    entityType: 'DE_TAX_ID',
    pattern: /(?<![\w-])(?:[1-9]\d{10}|[1-9]\d \d{3} \d{3} \d{3})(?![\w-]| \d)/g,
    context: ['steuer', 'steuerid', 'steueridentifikationsnummer', 'identifikationsnummer', 'idnr', 'tin', 'tax'],
    validate: (raw) => checked(deTaxIdValid(digitsOf(raw))),
    requiresContext: true,
  },
  {
    entityType: 'PL_PESEL',
    pattern: /(?<![\w-])\d{11}(?![\w-])/g,
    context: ['pesel'],
    validate: (raw) => (peselDateOk(raw) ? checked(peselValid(raw)) : null),
    requiresContext: true,
  },
  {
    entityType: 'NL_BSN',
    pattern: /(?<![\w-])(?:\d{9}|\d{4}\.\d{2}\.\d{3})(?![\w-])/g,
    context: ['bsn', 'burgerservicenummer', 'sofinummer'],
    validate: (raw) => checked(bsnValid(digitsOf(raw))),
    requiresContext: true,
  },
]);
