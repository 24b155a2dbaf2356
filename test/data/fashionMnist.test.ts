import { describe, expect, it } from 'vitest';
import type { FashionMnistClassImages } from '../../src/index.js';
import { FASHION_MNIST_SPLIT_SEED, classCounts, fashionMnistFromClasses } from '../../src/index.js';
import { left, right } from './helpers.js';

/** A distinct 784-byte image for each id (two bytes of id, the rest constant). */
const image = (id: number): number[] => Array.from({ length: 784 }, (_, i) => (i === 0 ? id & 255 : i === 1 ? id >> 8 : 17));

/** A class of the given images (ids), with empty rows at the given row positions. */
function klass(ids: readonly number[], emptyAt: readonly number[] = []): FashionMnistClassImages {
  const rows: number[] = [];
  for (let r = 0, k = 0; k < ids.length; r++) if (!emptyAt.includes(r)) rows.push(r), k++;
  return { pixels: Uint8Array.from(ids.flatMap(image)), size: ids.length, rows: Int32Array.from(rows), emptyRows: emptyAt };
}

/** Ten classes of 8 distinct images each (ids c·100 + i). */
const tenClasses = (): FashionMnistClassImages[] => Array.from({ length: 10 }, (_, c) => klass(Array.from({ length: 8 }, (_, i) => c * 100 + i)));

describe('fashionMnistFromClasses', () => {
  it('splits each class into testPerClass test images and the rest for training, pixels / 255', () => {
    const f = right(fashionMnistFromClasses(tenClasses(), { testPerClass: 3 }));
    expect(f.seed).toBe(FASHION_MNIST_SPLIT_SEED);
    expect([f.train.size, f.test.size]).toEqual([50, 30]);
    expect(classCounts(f.test)).toEqual(new Array(10).fill(3));
    expect(classCounts(f.train)).toEqual(new Array(10).fill(5));
    expect(f.train.shape).toEqual({ height: 28, width: 28, channels: 1, classes: 10 });
    expect(f.train.x[2]).toBeCloseTo(17 / 255, 7);
    // Every (label, row) once, in one part or the other.
    const seen = [...Array.from(f.train.y, (l, i) => `${l}:${f.trainRows[i]}`), ...Array.from(f.test.y, (l, i) => `${l}:${f.testRows[i]}`)];
    expect(new Set(seen).size).toBe(80);
    // The image is the one at that row: id = label·100 + row.
    f.test.y.forEach((l, i) => expect(Math.round(f.test.x[i * 784]! * 255)).toBe((l * 100 + f.testRows[i]!) & 255));
  });
  it('gives the same split for the same seed and another for another seed', () => {
    const a = right(fashionMnistFromClasses(tenClasses(), { testPerClass: 3, seed: 5 }));
    const b = right(fashionMnistFromClasses(tenClasses(), { testPerClass: 3, seed: 5 }));
    const c = right(fashionMnistFromClasses(tenClasses(), { testPerClass: 3, seed: 6 }));
    expect(Array.from(b.testRows)).toEqual(Array.from(a.testRows));
    expect(b.test.x).toEqual(a.test.x);
    expect(Array.from(c.testRows)).not.toEqual(Array.from(a.testRows));
  });
  it('skips empty rows, keeps the first of identical images and drops every copy of an image filed under two labels', () => {
    const classes = tenClasses();
    classes[0] = klass([0, 1, 2, 3, 4, 5, 6, 7, 3, 3], [2]); // image 3 three times in class 0, an empty row 2
    classes[4] = klass([400, 401, 402, 403, 404, 405, 406, 407, 5]); // image 5 of class 0 again, in class 4
    const f = right(fashionMnistFromClasses(classes, { testPerClass: 2 }));
    expect(f.cleaning).toEqual({
      rows: 84, emptyRows: [{ label: 0, row: 2 }], images: 83, distinct: 80,
      duplicateGroups: [
        [{ label: 0, row: 4 }, { label: 0, row: 9 }, { label: 0, row: 10 }],
        [{ label: 0, row: 6 }, { label: 4, row: 8 }],
      ],
      duplicatesRemoved: 2, conflictsRemoved: 2, kept: 79,
    });
    expect(f.train.size + f.test.size).toBe(79);
    expect(classCounts(f.train)[0]).toBe(7 - 2);
    expect(classCounts(f.train)[4]).toBe(8 - 2);
    const ids = new Set<number>();
    for (const ds of [f.train, f.test]) for (let i = 0; i < ds.size; i++) ids.add(Math.round(ds.x[i * 784]! * 255) + 256 * Math.round(ds.x[i * 784 + 1]! * 255));
    expect(ids.size).toBe(79);
    expect(ids.has(5)).toBe(false);
    expect(ids.has(3)).toBe(true);
  });
  it('refuses a class with no more images than testPerClass, naming it', () => {
    const classes = tenClasses();
    classes[7] = klass([700, 701, 702]);
    const e = left(fashionMnistFromClasses(classes, { testPerClass: 3 }, Array.from({ length: 10 }, (_, c) => `clothes/${c}.json`)));
    expect(e.path).toBe('clothes/7.json');
    expect(e.message).toMatch(/class 7 \(Sneaker\) has 3 usable images/);
  });
  it.each([
    ['nine classes', () => tenClasses().slice(1), {}, 'classes', /expected 10 class files/],
    ['pixels that disagree with size', () => tenClasses().map((c, i) => (i === 2 ? { ...c, size: 9 } : c)), {}, 'classes[2]', /expected 784·size/],
    ['a fractional seed', tenClasses, { seed: 0.5 }, 'seed', /integer/],
    ['testPerClass 0', tenClasses, { testPerClass: 0 }, 'testPerClass', /positive integer/],
  ])('refuses %s', (_, classes, options, path, message) => {
    const e = left(fashionMnistFromClasses(classes(), options));
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });
});
