import { base58CheckValid } from '../validators/base58check';
import { bech32Valid } from '../validators/bech32';
import { collect, judgeWith, type TDetector } from './detector';

const BASE58 = /(?<![\w])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![\w])/g;
const BECH32 = /(?<![\w])(?:bc1|tb1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}(?![\w])/g;
const ETHEREUM = /(?<![\w])0x[0-9a-fA-F]{40}(?![\w])/g;

const RULE = { context: ['wallet', 'bitcoin', 'btc', 'ethereum', 'eth', 'crypto', 'address', 'send', 'pay'] };

export const cryptoWalletDetector: TDetector = {
  name: 'crypto-wallet',
  entityTypes: ['CRYPTO'],
  detect: (text) => [
    ...collect(text, BASE58, 'CRYPTO', 'crypto-wallet', (m) =>
      judgeWith(text, m.index, m.index + m[0].length, RULE, {
        validation: base58CheckValid(m[0]) ? 'valid' : 'invalid-checksum',
        base: 0.8,
      }),
    ),
    ...collect(text, BECH32, 'CRYPTO', 'crypto-wallet', (m) =>
      judgeWith(text, m.index, m.index + m[0].length, RULE, {
        validation: bech32Valid(m[0]) ? 'valid' : 'invalid-checksum',
        base: 0.8,
        distinctive: true,
      }),
    ),
    // An Ethereum address is 40 hex digits; its checksum (EIP-55 mixed case) needs Keccak, so it
    // is reported only next to a wallet word.
    ...collect(text, ETHEREUM, 'CRYPTO', 'crypto-wallet', (m) =>
      judgeWith(text, m.index, m.index + m[0].length, RULE, { validation: 'unvalidated', requiresContext: true }),
    ),
  ],
};
