import { describe, expect, it } from 'vitest';
import { enableRelaxedSimd } from '../../src/node/relaxedSimd.js';
import { hasRelaxedSimd } from '../../src/kernels/simd/wasmAssembler.js';
import { simdKernelModuleBytes, simdKernelsFor, simdKernelsFuse } from '../../src/kernels/simd/simdKernels.js';

/** Whether `bytes` holds `f32x4.relaxed_madd` (0xfd 0x85 0x02). */
function hasMadd(bytes: Uint8Array): boolean {
  for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0xfd && bytes[i + 1] === 0x85 && bytes[i + 2] === 0x02) return true;
  return false;
}

describe('relaxed SIMD in Node', () => {
  it('enableRelaxedSimd turns it on (Node 20 has it behind a V8 flag) and says so', () => {
    expect(enableRelaxedSimd()).toBe(true);
    expect(hasRelaxedSimd()).toBe(true);
    expect(enableRelaxedSimd()).toBe(true); // idempotent
  });

  it('the fused loops use relaxed_madd, the unfused ones never do, and both validate', () => {
    enableRelaxedSimd();
    const fused = simdKernelModuleBytes(false, true);
    const plain = simdKernelModuleBytes(false, false);
    // Every module but addNScaled's (a product then a sum, never fused: the bits of a Multiply and an AddN)
    // multiplies and adds somewhere: the matrix products (6 variants), the convolutions, batch norm's sums and passes, scaleGrad.
    expect(fused.length).toBe(16);
    expect(fused.filter(hasMadd).length).toBe(15);
    expect(plain.some(hasMadd)).toBe(false);
    for (const bytes of [...fused, ...plain]) expect(WebAssembly.validate(bytes)).toBe(true);
  });

  it('a memory keeps the loops it was first given, and says whether they fuse (for a pool\'s workers)', () => {
    enableRelaxedSimd();
    const memory = new WebAssembly.Memory({ initial: 1 });
    expect(simdKernelsFuse(memory)).toBeUndefined();
    const k = simdKernelsFor(memory);
    expect(simdKernelsFuse(memory)).toBe(true);
    expect(simdKernelsFor(memory, false)).toBe(k);
    const other = new WebAssembly.Memory({ initial: 1 });
    simdKernelsFor(other, false);
    expect(simdKernelsFuse(other)).toBe(false);
  });
});
