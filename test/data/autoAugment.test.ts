import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AUTO_AUGMENT_CIFAR10, createRng } from '../../src/index.js';
import type { AutoAugmentOp } from '../../src/index.js';
import { applyAutoAugmentOp, autoAugmentArgument, autoAugmentInPlace } from '../../src/data/autoAugment.js';
import type { Image8 } from '../../src/data/autoAugment.js';

interface Fixture {
  readonly images: Readonly<Record<string, { height: number; width: number; channels: number; pixels: number[][] }>>;
  readonly cases: readonly { image: string; op: AutoAugmentOp; arg: number; output: number[][] }[];
}

// What PIL 9.4 does for each operation (scripts/autoaugment-reference.py calls the PIL functions [R]'s policy calls).
const fixture = JSON.parse(readFileSync(new URL('../fixtures/autoaugment-pil.json', import.meta.url), 'utf8')) as Fixture;
const imageOf = (name: string): Image8 => {
  const i = fixture.images[name]!;
  return { data: Uint8Array.from(i.pixels.flat()), height: i.height, width: i.width, channels: i.channels };
};
const img = (rows: number[][], channels = 1): Image8 => ({ data: Uint8Array.from(rows.flat()), height: rows.length, width: rows[0]!.length / channels, channels });

describe('AutoAugment operations against PIL', () => {
  it.each(fixture.cases.map((c) => [`${c.op}(${c.arg}) on ${c.image}`, c] as const))('%s gives what PIL gives', (_name, c) => {
    const out = applyAutoAugmentOp(imageOf(c.image), c.op, c.arg);
    const expected = c.output.flat();
    expect(Array.from(out)).toEqual(expected);
  });
});

describe('AutoAugment operations on hand-computed images', () => {
  it('invert, posterize and solarize are per-value tables', () => {
    const a = img([[0, 7, 128, 255]]);
    expect(Array.from(applyAutoAugmentOp(a, 'invert', 0))).toEqual([255, 248, 127, 0]);
    expect(Array.from(applyAutoAugmentOp(a, 'posterize', 4))).toEqual([0, 0, 128, 240]); // keep the top 4 bits
    expect(Array.from(applyAutoAugmentOp(a, 'solarize', 128))).toEqual([0, 7, 127, 0]); // ≥ 128 inverted
  });

  it('brightness scales towards black and clips; contrast blends with the rounded grey mean', () => {
    const a = img([[10, 100, 200]]);
    expect(Array.from(applyAutoAugmentOp(a, 'brightness', 1.5))).toEqual([15, 150, 255]);
    // mean (10 + 100 + 200) / 3 = 103.33 → 103; 103 + 0.5·(v − 103), truncated: 56.5 → 56, 101.5 → 101, 151.5 → 151.
    expect(Array.from(applyAutoAugmentOp(a, 'contrast', 0.5))).toEqual([56, 101, 151]);
  });

  it('autocontrast stretches each channel from its min and max', () => {
    // min 50, max 150: scale 2.55, (v − 50)·2.55 truncated.
    expect(Array.from(applyAutoAugmentOp(img([[50, 100, 150]]), 'autocontrast', 0))).toEqual([0, 127, 255]);
  });

  it('translateX moves the image and fills the rest grey; a pixel centre decides', () => {
    // 0.25 of 4 columns = 1 pixel: output x reads input x + 1.
    expect(Array.from(applyAutoAugmentOp(img([[1, 2, 3, 4]]), 'translateX', 0.25))).toEqual([2, 3, 4, 128]);
    expect(Array.from(applyAutoAugmentOp(img([[1, 2, 3, 4]]), 'translateX', -0.25))).toEqual([128, 1, 2, 3]);
  });

  it('color keeps a grey image and brings RGB towards its luma', () => {
    const grey = img([[10, 20, 30]]);
    expect(Array.from(applyAutoAugmentOp(grey, 'color', 0.1))).toEqual([10, 20, 30]);
    // luma(200, 100, 0) = (200·19595 + 100·38470 + 32768) >> 16 = 118; factor 0: the luma itself.
    expect(Array.from(applyAutoAugmentOp(img([[200, 100, 0]], 3), 'color', 0))).toEqual([118, 118, 118]);
  });
});

describe('the CIFAR-10 policy', () => {
  it("has [R]'s 25 sub-policies and magnitude ranges", () => {
    expect(AUTO_AUGMENT_CIFAR10).toHaveLength(25);
    expect(autoAugmentArgument('rotate', 2, -1)).toBeCloseTo(6.6666667, 6); // positive only
    expect(autoAugmentArgument('translateX', 9, 1)).toBeCloseTo(0.453172, 6);
    expect(autoAugmentArgument('shearY', 8, -1)).toBeCloseTo(-0.2666667, 6);
    expect(autoAugmentArgument('solarize', 2, 1)).toBeCloseTo(199.111, 3);
    expect(Array.from({ length: 10 }, (_, m) => autoAugmentArgument('posterize', m, 1))).toEqual([8, 8, 7, 7, 6, 6, 5, 5, 4, 4]);
    expect(autoAugmentArgument('sharpness', 1, -1)).toBeCloseTo(0.9, 9);
  });

  it('is seeded: the same generator state gives the same batch, and it keeps values on the 8-bit grid', () => {
    const shape = [4, 8, 8, 3] as const;
    const base = Float32Array.from({ length: 4 * 8 * 8 * 3 }, (_, i) => ((i * 37) % 256) / 255);
    const a = base.slice();
    const b = base.slice();
    autoAugmentInPlace(a, shape, createRng(5));
    autoAugmentInPlace(b, shape, createRng(5));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a).every((v) => Math.abs(v * 255 - Math.round(v * 255)) < 1e-4)).toBe(true);
    expect(Array.from(a)).not.toEqual(Array.from(base));
  });
});

describe('AutoAugment in the batch pipeline', () => {
  it('runs after crop and flip and before normalisation, seeded by the batch cursor', async () => {
    const { batchIterator, syntheticDataset } = await import('../../src/index.js');
    const ds = syntheticDataset({ size: 64, height: 8, width: 8, channels: 3, classes: 4, seed: 2 });
    if (ds._tag === 'Left') throw new Error(ds.left.message);
    const make = (autoAugment: boolean) => {
      const it = batchIterator(ds.right, { batchSize: 16, seed: 3, augment: { cropPadding: 1, flip: true, ...(autoAugment ? { autoAugment: 'cifar10' as const } : {}) } });
      if (it._tag === 'Left') throw new Error(it.left.message);
      return it.right;
    };
    const a = make(true);
    const first = a.next();
    const again = a.batchAt({ epoch: 0, index: 0 });
    expect(again._tag === 'Right' && Array.from(again.right.x)).toEqual(Array.from(first.x));
    expect(Array.from(first.x)).not.toEqual(Array.from(make(false).next().x));
    const bad = batchIterator(ds.right, { batchSize: 16, seed: 3, augment: { autoAugment: 'imagenet' as 'cifar10' } });
    expect(bad._tag === 'Left' && `${bad.left.path}: ${bad.left.message}`).toMatch(/augment.autoAugment: must be 'cifar10'/);
  });
});
