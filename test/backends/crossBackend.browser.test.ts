import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readyBackend } from '../../src/backends/readyBackend.js';
import type { BackendName } from '../../src/backends/readyBackend.js';
import { relativeError } from './gradCheck.js';
import { SUPERNET_CASES, runSupernet } from './supernetCase.js';

// Measured: both agree with cpu to about 1e-6 (webgl through SwiftShader with float32 textures).
const TOL: Record<string, number> = { webgl: 1e-4, wasm: 1e-4 };

describe('a super-network agrees on cpu, webgl and wasm in Chromium (same seeded weights)', () => {
  // The wasm binaries are served by vite from node_modules; the threaded build needs
  // cross-origin isolation, which the test page does not have, so this is the SIMD build.
  setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');

  it.each(SUPERNET_CASES.flatMap((c) => (['webgl', 'wasm'] as const).map((backend) => ({ ...c, backend }))))(
    '$backend vs cpu, $name', async (c) => {
      expect(E.isRight(await readyBackend(tf, 'cpu'))).toBe(true);
      const cpu = runSupernet(tf, c);
      const ready = await readyBackend(tf, c.backend as BackendName);
      expect(E.isRight(ready) ? ready.right.floatPrecision : ready.left.message).toBe(32);
      const other = runSupernet(tf, c);
      expect(cpu.leaked).toBe(0);
      expect(other.leaked).toBe(0);
      const tol = TOL[c.backend]!;
      expect(relativeError(other.logits, cpu.logits), 'logits').toBeLessThan(tol);
      expect(Math.abs(other.loss - cpu.loss)).toBeLessThan(tol * Math.max(1, cpu.loss));
      expect([...other.grads.keys()].sort()).toEqual([...cpu.grads.keys()].sort());
      const worst = [...cpu.grads].map(([k, g]) => ({ k, err: relativeError(other.grads.get(k)!, g) })).sort((a, b) => b.err - a.err)[0]!;
      expect(worst.err, `worst gradient: ${worst.k}`).toBeLessThan(tol);
    });
});
