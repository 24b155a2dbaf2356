import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { CONV_CASES, convGrads } from './convCases.js';
import { padName, relativeError } from './gradCheck.js';

// SwiftShader's WebGL2 computes in float32; summation order differs from cpu.
const TOL = 1e-4;

describe('webgl convolutions and their gradients agree with cpu', () => {
  it.each(CONV_CASES.map((c, i) => ({ ...c, i, name: `${c.kind} x=${c.x.join('x')} f=${c.filter.join('x')} s=${String(c.strides)} pad=${padName(c.pad)}` })))(
    '$name', async (c) => {
      expect(await tf.setBackend('cpu')).toBe(true);
      const cpu = convGrads(tf, c, 100 * c.i);
      expect(await tf.setBackend('webgl')).toBe(true);
      const before = tf.memory().numTensors;
      const gl = convGrads(tf, c, 100 * c.i);
      expect(tf.memory().numTensors).toBe(before);
      expect(relativeError(gl.y, cpu.y), 'y').toBeLessThan(TOL);
      expect(relativeError(gl.dx, cpu.dx), 'dx').toBeLessThan(TOL);
      expect(relativeError(gl.df, cpu.df), 'dfilter').toBeLessThan(TOL);
    });
});
