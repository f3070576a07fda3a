import type { TDetector } from './detector';
import { emailDetector } from './email';
import { phoneDetector } from './phone';
import { paymentCardDetector } from './payment-card';
import { ibanDetector } from './iban';
import { usIdDetector } from './us-ids';
import { ukIdDetector } from './uk-ids';
import { europeIdDetector } from './europe-ids';
import { otherNationalIdDetector } from './other-national-ids';
import { networkDetector } from './network';
import { cryptoWalletDetector } from './crypto-wallet';
import { dateOfBirthDetector } from './date-of-birth';
import { streetAddressDetector } from './street-address';
import { namesDetector } from './names';

/** Every detector family the scanner runs, in no particular order (overlaps are resolved afterwards). */
export const DETECTORS: readonly TDetector[] = [
  emailDetector,
  phoneDetector,
  paymentCardDetector,
  ibanDetector,
  usIdDetector,
  ukIdDetector,
  europeIdDetector,
  otherNationalIdDetector,
  networkDetector,
  cryptoWalletDetector,
  dateOfBirthDetector,
  streetAddressDetector,
  namesDetector,
];

export const ENTITY_TYPES: readonly string[] = [...new Set(DETECTORS.flatMap((d) => d.entityTypes))];
