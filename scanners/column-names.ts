// What a column's name (or a JSON path's last key) says about its content, in both directions:
// `email` suggests email addresses; `email_verified` or `email_count` says the values are about emails, not emails.

const HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:e_?mail|mail)(?:_?addr(?:ess)?)?$/, 'EMAIL_ADDRESS'],
  [/^(?:phone|tel|telephone|mobile|cell|fax)(?:_?(?:no|num|number))?$/, 'PHONE_NUMBER'],
  [/^(?:ssn|social_?security(?:_?(?:no|num|number))?)$/, 'US_SSN'],
  [/^(?:cc|card|credit_?card|cc_?num(?:ber)?|card_?num(?:ber)?|pan)$/, 'CREDIT_CARD'],
  [/^iban$/, 'IBAN_CODE'],
  [/^(?:ip|ip_?addr(?:ess)?|client_?ip|remote_?addr|src_?ip|dst_?ip)$/, 'IP_ADDRESS'],
  [/^mac(?:_?addr(?:ess)?)?$/, 'MAC_ADDRESS'],
  [/^(?:dob|birth_?date|date_?of_?birth|birthday|bdate)$/, 'DATE_OF_BIRTH'],
  [/^(?:f_?name|l_?name|first_?name|last_?name|given_?name|surname|family_?name|maiden_?name|full_?name|name|middle_?name|customer_?name|person)$/, 'PERSON'],
  [/^(?:address|addr|street|street_?address|address_?line_?\d?|home_?address)$/, 'STREET_ADDRESS'],
  [/^(?:city|town|country|birth_?place|place_?of_?birth)$/, 'LOCATION'],
  [/^(?:zip|zip_?code|postcode|postal_?code)$/, 'ZIP_CODE'],
  [/^(?:passport|passport_?(?:no|num|number))$/, 'US_PASSPORT'],
  [/^(?:nhs|nhs_?(?:no|num|number))$/, 'UK_NHS'],
  [/^(?:company|employer|organi[sz]ation|org)$/, 'ORGANIZATION'],
];

// Suffixes that turn "about X" into metadata: flags, counts, types, timestamps, hashes.
const METADATA = /_(?:verified|valid|confirmed|opt_?in|count|type|kind|status|flag|enabled|hash|hashed|sha\d*|md5|len|length|at|date|updated|created|domain|provider|format)$|^(?:is|has|num|n|count)_/;

export interface TNameHint {
  entityType: string | null;
  /** The name mentions a PII type but describes metadata about it (e.g. `email_verified`). */
  metadataOf: string | null;
}

function normalise(name: string): string {
  const last = name.split(/[.[\]/$]+/).filter(Boolean).pop() ?? name; // last key of a JSON path
  return last.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

export function hintFromName(name: string): TNameHint {
  const key = normalise(name);
  const direct = HINTS.find(([re]) => re.test(key));
  if (direct) return { entityType: direct[1], metadataOf: null };
  if (METADATA.test(key)) {
    const base = key.replace(METADATA, '');
    const about = HINTS.find(([re]) => re.test(base));
    return { entityType: null, metadataOf: about ? about[1] : null };
  }
  return { entityType: null, metadataOf: null };
}
