import { describe, expect, it } from 'vitest';
import { rgbaToChannels } from '../../src/index.js';

const pixels = Uint8Array.of(255, 255, 255, 0, 255, 0, 0, 255, 10, 20, 30, 128);

describe('rgbaToChannels', () => {
  it('writes R, G, B in [0, 1] from the offset and drops alpha', () => {
    const out = new Float32Array(11).fill(-1);
    rgbaToChannels(pixels, 3, 3, out, 2);
    expect(Array.from(out)).toEqual([-1, -1, 1, 1, 1, 1, 0, 0, 10 / 255, 20 / 255, 30 / 255].map(Math.fround));
  });
  it('writes grey exactly and colour as its BT.601 luma', () => {
    const out = new Float32Array(3);
    rgbaToChannels(pixels, 3, 1, out, 0);
    expect(out[0]).toBe(1);
    expect(out[1]).toBeCloseTo(0.299, 6);
    expect(out[2]).toBeCloseTo((0.299 * 10 + 0.587 * 20 + 0.114 * 30) / 255, 6);
  });
});
