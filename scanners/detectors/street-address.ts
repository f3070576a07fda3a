import { collect, judgeWith, type TDetector } from './detector';

export const STREET_SUFFIX =
  '(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Parkway|Pkwy|Alley|Terrace|Ter|Highway|Hwy|Square|Sq|Circle|Cir|Trail|Trl|Crescent|Cres|Close|Gardens|Grove|Row|Hill|Plaza|Loop|Pike|Forges?|Squares?|Junction|Mews|Walk)';
const WORD = "[\\p{Lu}][\\p{L}'’.-]*";
const UNIT = '(?:,?\\s*(?:Apt|Apartment|Suite|Ste|Unit|Flat|#)\\.?\\s*[\\w-]+)?';
// Continental street words that carry the number after the name ("Hammarvägen 15", "Rue de Piétrain 371").
const CONTINENTAL_SUFFIX = '(?:stra(?:ss|ß)e|str\\.|weg|gasse|platz|allee|vägen|gatan|väg|vej|veien|gade|katu|kuja|tie|laan|straat|plein|utca|ulica)';
const CONTINENTAL_PREFIX = '(?:Rue|Avenue|Av\\.|Via|Viale|Piazza|Calle|Carrer|Avenida|Rua|Praça|ul\\.|Ulica|Aleja|Al\\.)';

const ADDRESS = new RegExp(
  [
    `\\d{1,6}[A-Za-z]?(?:\\s${WORD}){1,4}?\\s${STREET_SUFFIX}\\.?(?:\\s(?:NW|NE|SW|SE|N|S|E|W))?${UNIT}`,
    `[\\p{Lu}][\\p{L}-]*${CONTINENTAL_SUFFIX}\\s\\d{1,5}[a-zA-Z]?`,
    `${CONTINENTAL_PREFIX}(?:\\s[\\p{L}'’.-]+){1,4}?\\s\\d{1,5}[a-zA-Z]?`,
    `P\\.?\\s?O\\.?\\sBox\\s\\d{1,6}`,
    `(?:PSC|Unit|CMR)\\s\\d{3,5},?\\sBox\\s\\d{3,5}`,
  ]
    .map((alt) => `(?<![\\p{L}\\d])${alt}(?![\\p{L}\\d])`)
    .join('|'),
  'gu',
);

const RULE = { context: ['address', 'ship', 'shipping', 'deliver', 'delivery', 'live', 'lives', 'located', 'visit', 'mail', 'sent', 'send', 'reside'] };

export const streetAddressDetector: TDetector = {
  name: 'street-address',
  entityTypes: ['STREET_ADDRESS'],
  detect: (text) =>
    collect(text, ADDRESS, 'STREET_ADDRESS', 'street-address', (m) =>
      judgeWith(text, m.index, m.index + m[0].length, RULE, { validation: 'unvalidated', base: 0.85 }),
    ),
};
