// Image dimensions read from the header alone, so an oversized image is refused before a single
// pixel is decoded (a 20,000 × 20,000 PNG is a few hundred KB compressed and 1.6 GB decoded).
export interface TImageHeader {
  format: 'png' | 'jpeg' | 'tiff';
  width: number;
  height: number;
}

function png(b: Buffer): TImageHeader | null {
  if (b.length < 24 || b.readUInt32BE(0) !== 0x89504e47 || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { format: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function jpeg(b: Buffer): TImageHeader | null {
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    // SOF0..SOF15 carry the frame size, except DHT (c4), JPG (c8) and DAC (cc).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { format: 'jpeg', height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + b.readUInt16BE(i + 2);
  }
  return null;
}

function tiff(b: Buffer): TImageHeader | null {
  const le = b.toString('latin1', 0, 2) === 'II';
  if (!le && b.toString('latin1', 0, 2) !== 'MM') return null;
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  if (b.length < 8 || u16(2) !== 42) return null;
  const ifd = u32(4);
  if (ifd + 2 > b.length) return null;
  let width = 0;
  let height = 0;
  for (let n = 0, count = u16(ifd); n < count && ifd + 14 + n * 12 <= b.length; n++) {
    const entry = ifd + 2 + n * 12;
    const value = u16(entry + 2) === 3 ? u16(entry + 8) : u32(entry + 8);
    if (u16(entry) === 256) width = value;
    if (u16(entry) === 257) height = value;
  }
  return width && height ? { format: 'tiff', width, height } : null;
}

/** The format and size from the first bytes (64 KiB is plenty), or null if the header is not one we read. */
export function readImageHeader(head: Buffer): TImageHeader | null {
  return png(head) ?? jpeg(head) ?? tiff(head);
}
