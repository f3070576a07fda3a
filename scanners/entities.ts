// What each entity type is, in words a governance officer reads, and how sensitive it is.

export type TSensitivity = 'government-id' | 'financial' | 'health' | 'name' | 'contact' | 'address' | 'personal';

interface TEntityInfo {
  /** Plural noun phrase: "credit card numbers". */
  label: string;
  sensitivity: TSensitivity;
  /** Name of the check its validator performs, when it has one. */
  check?: string;
}

export const ENTITIES: Readonly<Record<string, TEntityInfo>> = {
  EMAIL_ADDRESS: { label: 'email addresses', sensitivity: 'contact', check: 'address syntax' },
  PHONE_NUMBER: { label: 'phone numbers', sensitivity: 'contact', check: 'numbering-plan' },
  CREDIT_CARD: { label: 'credit card numbers', sensitivity: 'financial', check: 'Luhn' },
  IBAN_CODE: { label: 'IBANs', sensitivity: 'financial', check: 'mod-97' },
  US_BANK_NUMBER: { label: 'US bank account numbers', sensitivity: 'financial' },
  ABA_ROUTING_NUMBER: { label: 'ABA routing numbers', sensitivity: 'financial', check: 'ABA checksum' },
  CRYPTO: { label: 'crypto wallet addresses', sensitivity: 'financial', check: 'Base58Check/Bech32' },
  US_SSN: { label: 'US Social Security numbers', sensitivity: 'government-id', check: 'SSA issuing-rule' },
  US_ITIN: { label: 'US taxpayer identification numbers', sensitivity: 'government-id', check: 'ITIN range' },
  US_PASSPORT: { label: 'US passport numbers', sensitivity: 'government-id' },
  US_DRIVER_LICENSE: { label: 'US driver licence numbers', sensitivity: 'government-id' },
  UK_NINO: { label: 'UK National Insurance numbers', sensitivity: 'government-id', check: 'prefix rule' },
  UK_NHS: { label: 'UK NHS numbers', sensitivity: 'health', check: 'mod-11' },
  CA_SIN: { label: 'Canadian social insurance numbers', sensitivity: 'government-id', check: 'Luhn' },
  IN_AADHAAR: { label: 'Aadhaar numbers', sensitivity: 'government-id', check: 'Verhoeff' },
  IN_PAN: { label: 'Indian PAN numbers', sensitivity: 'government-id' },
  ES_NIF: { label: 'Spanish NIF numbers', sensitivity: 'government-id', check: 'mod-23 letter' },
  ES_NIE: { label: 'Spanish NIE numbers', sensitivity: 'government-id', check: 'mod-23 letter' },
  IT_FISCAL_CODE: { label: 'Italian fiscal codes', sensitivity: 'government-id', check: 'check-letter' },
  DE_TAX_ID: { label: 'German tax IDs', sensitivity: 'government-id', check: 'ISO 7064 mod 11,10' },
  PL_PESEL: { label: 'Polish PESEL numbers', sensitivity: 'government-id', check: 'PESEL weighted' },
  NL_BSN: { label: 'Dutch BSN numbers', sensitivity: 'government-id', check: '11-proof' },
  AU_TFN: { label: 'Australian tax file numbers', sensitivity: 'government-id', check: 'TFN weighted' },
  SG_NRIC_FIN: { label: 'Singapore NRIC/FIN numbers', sensitivity: 'government-id', check: 'check-letter' },
  IP_ADDRESS: { label: 'IP addresses', sensitivity: 'personal', check: 'address-range' },
  MAC_ADDRESS: { label: 'MAC addresses', sensitivity: 'personal' },
  DATE_OF_BIRTH: { label: 'dates of birth', sensitivity: 'personal', check: 'calendar' },
  PERSON: { label: "people's names", sensitivity: 'name' },
  LOCATION: { label: 'place names', sensitivity: 'address' },
  ORGANIZATION: { label: 'organisation names', sensitivity: 'contact' },
  STREET_ADDRESS: { label: 'street addresses', sensitivity: 'address' },
  ZIP_CODE: { label: 'postal codes', sensitivity: 'address' },
};

export function describe(entityType: string): TEntityInfo {
  return ENTITIES[entityType] ?? { label: entityType.toLowerCase().replace(/_/g, ' ') + ' values', sensitivity: 'personal' };
}
