/**
 * A stable short hash of an architecture, for de-duplication (Pareto fronts, caches, file names).
 *
 * @module
 */
import type { Architecture } from './architecture.js';
import { canonicalArchitecture } from './canonicalArchitecture.js';

/**
 * 64-bit FNV-1a over the UTF-8 bytes of a string, as 16 lowercase hex digits. Pure JS, synchronous,
 * the same in Node and browsers. The 64-bit product is computed in two 32-bit halves:
 * the FNV prime is 2^40 + 0x1b3.
 *
 * @param text - the string to hash.
 * @returns 16 hex digits.
 */
export function fnv1a64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const byte of bytes) {
    lo = (lo ^ byte) >>> 0;
    const loProduct = lo * 0x1b3; // < 2^41: exact in a double
    const carry = Math.floor(loProduct / 0x100000000);
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0; // (lo · 2^40) contributes lo · 2^8 to the high word
    lo = loProduct >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/**
 * A stable 16-hex-digit hash of an architecture: 64-bit FNV-1a over the JSON of its canonical
 * form (see `canonicalArchitecture`). Reordering edges does not change it; any change of node
 * count, cell type or live operator does (up to 64-bit collisions).
 *
 * @param arch - an architecture.
 * @returns 16 lowercase hex digits.
 *
 * @example
 * ```ts
 * import { architectureHash, genotypeToArchitecture, DARTS_V2, cifarLayout } from 'gold-nas';
 * const arch = genotypeToArchitecture(DARTS_V2, cifarLayout({ cells: 20 }));
 * if (arch._tag === 'Right') console.log(architectureHash(arch.right)); // 16 hex digits
 * ```
 * @since 0.1.0
 */
export function architectureHash(arch: Architecture): string {
  return fnv1a64(JSON.stringify(canonicalArchitecture(arch)));
}
