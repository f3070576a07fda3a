import { collect, judgeWith, type TDetector } from './detector';

// The lookbehind anchors the local part at the start of its run, which keeps the scan linear on
// long runs of word characters. Domain labels exclude '.', so their split is unambiguous.
const EMAIL = /(?<![\w.%+-])[\w%+-]+(?:\.[\w%+-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w@-]|\.[A-Za-z0-9])/g;

const RULE = { context: ['email', 'mail', 'contact', 'reach', 'send'] };

export const emailDetector: TDetector = {
  name: 'email',
  entityTypes: ['EMAIL_ADDRESS'],
  detect: (text) =>
    collect(text, EMAIL, 'EMAIL_ADDRESS', 'email', (m) =>
      // The pattern itself is the RFC 5322 subset real addresses use: a syntactic validator.
      judgeWith(text, m.index, m.index + m[0].length, RULE, { validation: 'valid', base: 0.85 }),
    ),
};
