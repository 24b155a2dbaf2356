import { describe, expect, it } from 'vitest';
import { type ConvAxis, convExtent, filterGradAxis, inputGradAxis, mergeTranspose, needsCrop, patchAxis } from '../../../src/kernels/support/convGeometry.js';

const axis = (size: number, filter: number, stride: number, dilation: number, padBefore: number, out: number): ConvAxis =>
  ({ size, filter, stride, dilation, padBefore, out });

describe('mergeTranspose', () => {
  it.each([
    { name: 'NHWC batch to the back becomes a 2-D transpose', shape: [8, 4, 4, 3], perm: [1, 2, 3, 0], want: { shape: [8, 48], perm: [1, 0] } },
    { name: 'a 5-D move with a trailing axis becomes 3-D', shape: [8, 4, 4, 3, 2], perm: [1, 2, 3, 0, 4], want: { shape: [8, 48, 2], perm: [1, 0, 2] } },
    { name: 'size-1 axes disappear', shape: [1, 5, 1, 7], perm: [3, 2, 1, 0], want: { shape: [5, 7], perm: [1, 0] } },
    { name: 'an identity collapses to one axis', shape: [2, 3, 4], perm: [0, 1, 2], want: { shape: [24], perm: [0] } },
    { name: 'a full reversal stays 3-D', shape: [2, 3, 4], perm: [2, 1, 0], want: { shape: [2, 3, 4], perm: [2, 1, 0] } },
  ])('$name', ({ shape, perm, want }) => {
    expect(mergeTranspose(shape, perm)).toEqual(want);
  });
});

describe('derived convolution axes', () => {
  it('a same-padded stride-1 3x3 axis needs no crop in any of the three convolutions', () => {
    const a = axis(8, 3, 1, 1, 1, 8);
    expect(convExtent(a)).toBe(10);
    for (const d of [patchAxis(a), filterGradAxis(a), inputGradAxis(a)]) expect(needsCrop(d)).toBe(false);
    expect(inputGradAxis(a)).toEqual({ padBefore: 1, padAfter: 1, outLength: 8, cropStart: 0, length: 8 });
  });

  it('a valid stride-2 axis that leaves the last input row unread gives one extra filter tap to crop', () => {
    const a = axis(8, 3, 2, 1, 0, 3);
    expect(filterGradAxis(a)).toEqual({ padBefore: 0, padAfter: 0, outLength: 4, cropStart: 0, length: 3 });
    expect(needsCrop(filterGradAxis(a))).toBe(true);
    expect(inputGradAxis(a)).toEqual({ padBefore: 2, padAfter: 2, outLength: 8, cropStart: 0, length: 8 });
  });

  it('padding larger than the filter reach crops the front of the input gradient', () => {
    const a = axis(5, 3, 1, 1, 3, 7);
    const g = inputGradAxis(a);
    expect(g.cropStart).toBe(1);
    expect(g.padBefore).toBe(0);
    expect(g.outLength).toBeGreaterThanOrEqual(g.cropStart + g.length);
  });
});
