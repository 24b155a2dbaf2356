/** Test data in the CIFAR-10 binary format, shared by the parser's and the loader's tests. */

export const RECORDS = 3;
/** Bytes per record: a label byte and 32·32·3 pixel bytes. */
export const RECORD_BYTES = 3073;

/** A file of RECORDS records; record r of file f has label (f + r) % 10 and pixel bytes that encode (r, channel, position). */
export function cifarBytes(f: number, records = RECORDS): Uint8Array {
  const bytes = new Uint8Array(records * RECORD_BYTES);
  for (let r = 0; r < records; r++) {
    bytes[r * RECORD_BYTES] = (f + r) % 10;
    for (let ch = 0; ch < 3; ch++) for (let p = 0; p < 1024; p++) bytes[r * RECORD_BYTES + 1 + ch * 1024 + p] = (r * 50 + ch * 20 + p) % 256;
  }
  return bytes;
}
