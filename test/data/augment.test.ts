import { describe, expect, it } from 'vitest';
import { augmentBatch, createRng, cutout, randomCrop, randomFlip } from '../../src/index.js';
import { batchOf, stubRng } from './helpers.js';
import { cutoutBounds } from '../../src/data/cutout.js';

const n = 4, h = 6, w = 5, c = 3;
const noisy = batchOf(n, h, w, c, (b, i, j, k) => 1 + b * 1000 + i * 100 + j * 10 + k);
const at = (x: Float32Array, b: number, i: number, j: number, k: number): number => x[((b * h + i) * w + j) * c + k]!;

describe('randomCrop', () => {
  it('is the identity with zero padding', () => {
    const out = randomCrop(noisy, 0, createRng(1));
    expect(Array.from(out.x)).toEqual(Array.from(noisy.x));
    expect(out.y).toBe(noisy.y);
  });
  it('is the identity at the zero offset (crop at (p, p) of the padded image)', () => {
    const centre = stubRng((m) => (m - 1) / 2); // int(2p+1) = p -> shift 0
    expect(Array.from(randomCrop(noisy, 4, centre).x)).toEqual(Array.from(noisy.x));
  });
  it('shifts content and fills with zeros at the top-left offset', () => {
    const corner = stubRng(() => 0); // shift (-p, -p): output(i, j) = input(i - p, j - p)
    const p = 2;
    const out = randomCrop(noisy, p, corner);
    for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let k = 0; k < c; k++) {
      const expected = i - p >= 0 && j - p >= 0 ? at(noisy.x, 1, i - p, j - p, k) : 0;
      expect(at(out.x, 1, i, j, k)).toBe(expected);
    }
  });
  it('keeps every output value either zero or an input value of the same image and channel', () => {
    const out = randomCrop(noisy, 3, createRng(9));
    for (let b = 0; b < n; b++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let k = 0; k < c; k++) {
      const v = at(out.x, b, i, j, k);
      if (v !== 0) {
        expect(Math.floor((v - 1) / 1000)).toBe(b);
        expect((v - 1) % 10).toBe(k);
      }
    }
  });
  it('does not modify its input', () => {
    const before = Array.from(noisy.x);
    randomCrop(noisy, 2, createRng(3));
    expect(Array.from(noisy.x)).toEqual(before);
  });
});

describe('randomFlip', () => {
  it('flipped twice is the identity', () => {
    const always = stubRng(() => 0, 0);
    const once = randomFlip(noisy, 0.5, always);
    expect(Array.from(once.x)).not.toEqual(Array.from(noisy.x));
    expect(Array.from(randomFlip(once, 0.5, always).x)).toEqual(Array.from(noisy.x));
  });
  it('mirrors columns and keeps channels in place', () => {
    const out = randomFlip(noisy, 1, createRng(1));
    for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let k = 0; k < c; k++) expect(at(out.x, 2, i, j, k)).toBe(at(noisy.x, 2, i, w - 1 - j, k));
  });
  it('never flips with probability 0', () => {
    expect(Array.from(randomFlip(noisy, 0, createRng(1)).x)).toEqual(Array.from(noisy.x));
  });
  it('flips about half the images at probability 0.5', () => {
    const many = batchOf(400, 1, 2, 1, (_, __, j) => j);
    const out = randomFlip(many, 0.5, createRng(4));
    let flipped = 0;
    for (let b = 0; b < 400; b++) if (out.x[2 * b] === 1) flipped++;
    expect(flipped).toBeGreaterThan(160);
    expect(flipped).toBeLessThan(240);
  });
});

describe('cutout', () => {
  const ones = batchOf(1, 32, 32, 3, () => 1);
  it.each([
    ['in the middle', 16, 16, 16, { y1: 8, y2: 24, x1: 8, x2: 24 }],
    ['at a corner', 16, 2, 30, { y1: 0, y2: 10, x1: 22, x2: 32 }],
    ['at the origin', 16, 0, 0, { y1: 0, y2: 8, x1: 0, x2: 8 }],
    ['with an odd length (side 2·⌊L/2⌋)', 5, 10, 10, { y1: 8, y2: 12, x1: 8, x2: 12 }],
  ])('zeroes exactly the clipped square %s', (_, length, cy, cx, bounds) => {
    expect(cutoutBounds(32, 32, length, cy, cx)).toEqual(bounds);
    const draws = [cy, cx];
    let k = 0;
    const out = cutout(ones, length, stubRng(() => draws[k++]!));
    for (let i = 0; i < 32; i++) for (let j = 0; j < 32; j++) for (let ch = 0; ch < 3; ch++) {
      const inside = i >= bounds.y1 && i < bounds.y2 && j >= bounds.x1 && j < bounds.x2;
      expect(out.x[(i * 32 + j) * 3 + ch]).toBe(inside ? 0 : 1);
    }
  });
  it('zeroes one clipped square per image with a real generator', () => {
    const many = batchOf(50, 12, 12, 2, () => 1);
    const out = cutout(many, 6, createRng(2));
    for (let b = 0; b < 50; b++) {
      const zeros: [number, number][] = [];
      for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) if (out.x[((b * 12 + i) * 12 + j) * 2] === 0) zeros.push([i, j]);
      expect(zeros.length).toBeGreaterThan(0);
      const ys = zeros.map((z) => z[0]);
      const xs = zeros.map((z) => z[1]);
      const area = (Math.max(...ys) - Math.min(...ys) + 1) * (Math.max(...xs) - Math.min(...xs) + 1);
      expect(zeros.length).toBe(area); // a filled rectangle
      expect(Math.max(...ys) - Math.min(...ys) + 1).toBeLessThanOrEqual(6);
    }
  });
  it('leaves images unchanged with length 0', () => {
    expect(Array.from(cutout(noisy, 0, createRng(1)).x)).toEqual(Array.from(noisy.x));
  });
});

describe('augmentBatch', () => {
  it('equals crop, then flip, then cutout with one generator', () => {
    const rng = createRng(8);
    const sequential = cutout(randomFlip(randomCrop(noisy, 2, rng), 0.5, rng), 3, rng);
    const together = augmentBatch(noisy, { cropPadding: 2, flip: true, cutoutLength: 3 }, createRng(8));
    expect(Array.from(together.x)).toEqual(Array.from(sequential.x));
  });
  it('is reproducible from the same seed and leaves its input alone', () => {
    const before = Array.from(noisy.x);
    const a = augmentBatch(noisy, { cropPadding: 4, flip: true, cutoutLength: 2 }, createRng(5));
    const b = augmentBatch(noisy, { cropPadding: 4, flip: true, cutoutLength: 2 }, createRng(5));
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(noisy.x)).toEqual(before);
  });
  it('does nothing with no options', () => {
    expect(Array.from(augmentBatch(noisy, {}, createRng(1)).x)).toEqual(Array.from(noisy.x));
  });
});
