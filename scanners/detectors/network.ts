import { isIPv6 } from 'node:net';
import { collect, judgeWith, type TDetector } from './detector';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// No leading zeros, and not part of a longer dotted sequence (version numbers, OIDs).
const IPV4 = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, 'g');
// Hex groups and colons (with an optional embedded IPv4 tail); node:net decides validity.
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/g;
const MAC = /(?<![\w:.-])(?:[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![\w:.-])/g;

const IP_RULE = {
  context: ['ip', 'address', 'host', 'server', 'client', 'login', 'from', 'ping', 'route'],
  veto: ['version', 'release', 'build', 'v', 'oid', 'sdk'],
};
const MAC_RULE = { context: ['mac', 'ethernet', 'wifi', 'device', 'hardware', 'bssid'] };

export const networkDetector: TDetector = {
  name: 'network',
  entityTypes: ['IP_ADDRESS', 'MAC_ADDRESS'],
  detect: (text) => [
    ...collect(text, IPV4, 'IP_ADDRESS', 'network', (m) =>
      judgeWith(text, m.index, m.index + m[0].length, IP_RULE, { validation: 'valid', base: 0.7 }),
    ),
    ...collect(text, IPV6, 'IP_ADDRESS', 'network', (m) =>
      isIPv6(m[0]) && m[0].length > 2 ? judgeWith(text, m.index, m.index + m[0].length, IP_RULE, { validation: 'valid', base: 0.7 }) : null,
    ),
    ...collect(text, MAC, 'MAC_ADDRESS', 'network', (m) =>
      judgeWith(text, m.index, m.index + m[0].length, MAC_RULE, { validation: 'unvalidated', base: 0.9 }),
    ),
  ],
};
