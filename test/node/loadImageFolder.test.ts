import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadImageFolder } from '../../src/node/index.js';
import { left, right } from '../data/helpers.js';

/** RGBA bytes of a width×height image whose pixel (x, y) is `f(x, y)` = [r, g, b] (alpha 255). */
function rgba(width: number, height: number, f: (x: number, y: number) => readonly [number, number, number]): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([...f(x, y), 255], (y * width + x) * 4);
  return data;
}

/** A PNG file: RGB (colour type 2) or grey (colour type 0). */
function png(width: number, height: number, f: (x: number, y: number) => readonly [number, number, number], grey = false): Buffer {
  const image = new PNG({ width, height });
  image.data = rgba(width, height, f);
  return PNG.sync.write(image, { colorType: grey ? 0 : 2 });
}

const jpeg = (width: number, height: number, f: (x: number, y: number) => readonly [number, number, number]): Buffer =>
  encodeJpeg({ data: rgba(width, height, f), width, height }, 100).data;

let dir: string;
const put = (path: string, bytes: Buffer | string): void => {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), bytes);
};
const red = (): readonly [number, number, number] => [255, 0, 0];
const grey = (v: number) => (): readonly [number, number, number] => [v, v, v];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gold-nas-images-'));
  // Classes in code-unit order: 'Zebra' < 'apple'. A nested folder belongs to its class.
  put('apple/b.png', png(4, 3, red));
  put('apple/a.jpg', jpeg(4, 3, () => [0, 0, 255]));
  put('apple/notes.txt', 'not an image');
  put('apple/.DS_Store', 'hidden');
  put('Zebra/x.png', png(4, 3, (x) => [x * 60, x * 60, x * 60], true));
  put('Zebra/more/y.JPEG', jpeg(4, 3, grey(128)));
  put('README.md', 'top-level file');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadImageFolder', () => {
  it('reads one class per sub-folder (sorted), PNG and JPEG, grey and RGB, as RGB in [0, 1]', async () => {
    const folder = right(await loadImageFolder(dir));
    expect(folder.classNames).toEqual(['Zebra', 'apple']);
    expect(folder.files).toEqual([join('Zebra', 'more', 'y.JPEG'), join('Zebra', 'x.png'), join('apple', 'a.jpg'), join('apple', 'b.png')]);
    expect(folder.ignored).toEqual(['README.md', join('apple', 'notes.txt')]);
    const ds = folder.dataset;
    expect([ds.name, ds.size, ds.shape]).toEqual([dir.split('/').pop(), 4, { height: 3, width: 4, channels: 3, classes: 2 }]);
    expect(Array.from(ds.y)).toEqual([0, 0, 1, 1]);
    const pixel = (i: number, x: number, y: number) => Array.from(ds.x.subarray(i * 36 + (y * 4 + x) * 3, i * 36 + (y * 4 + x) * 3 + 3));
    expect(pixel(1, 2, 1)).toEqual([120 / 255, 120 / 255, 120 / 255].map(Math.fround)); // grey PNG, exact, on three channels
    expect(pixel(3, 0, 0)).toEqual([1, 0, 0]); // RGB PNG, exact
    pixel(2, 3, 2).forEach((v, c) => expect(v).toBeCloseTo(c === 2 ? 1 : 0, 1)); // JPEG: lossy
  });

  it('converts to one grey channel: grey stays exact, colour becomes its luma', async () => {
    const ds = right(await loadImageFolder(dir, { channels: 1, height: 3, width: 4, name: 'fruit' })).dataset;
    expect([ds.name, ds.shape.channels, ds.x.length]).toEqual(['fruit', 1, 4 * 12]);
    expect(ds.x[12 + 5]).toBe(Math.fround(60 / 255));
    expect(ds.x[36]).toBeCloseTo(0.299, 6); // pure red
  });

  it('walks a folder that a symbolic link leads back to only once', async () => {
    symlinkSync(join(dir, 'apple'), join(dir, 'apple', 'loop'));
    const folder = right(await loadImageFolder(dir));
    expect(folder.files).toEqual([join('Zebra', 'more', 'y.JPEG'), join('Zebra', 'x.png'), join('apple', 'a.jpg'), join('apple', 'b.png')]);
  });

  it.each([
    ['a corrupt PNG', 'apple/c.png', () => png(4, 3, red).subarray(0, 40), /cannot be decoded as a PNG.*damaged or truncated/],
    ['a truncated JPEG', 'apple/c.jpg', () => jpeg(4, 3, red).subarray(0, 200), /cannot be decoded as a JPEG/],
    ['a file that is neither PNG nor JPEG', 'apple/c.png', () => Buffer.from('GIF89a...'), /neither a PNG nor a JPEG \(its first bytes are 47 49 46 38\)/],
    ['an empty file', 'apple/c.jpeg', () => Buffer.alloc(0), /the file is empty/],
    ['an image of another size', 'apple/c.png', () => png(5, 3, red), /is 5×3 \(width×height\) but every image must be 4×3 \(the first image, Zebra\/more\/y\.JPEG\)/],
  ])('refuses %s, naming it, and returns no dataset', async (_, path, bytes, message) => {
    put(path, bytes());
    const e = left(await loadImageFolder(dir));
    expect([e._tag, e.path]).toEqual(['DataError', join(dir, path)]);
    expect(e.message).toMatch(message);
  });

  it('refuses images of another size than the options ask for', async () => {
    const e = left(await loadImageFolder(dir, { height: 28, width: 28 }));
    expect(e.path).toBe(join(dir, 'Zebra', 'more', 'y.JPEG'));
    expect(e.message).toMatch(/is 4×3 \(width×height\) but every image must be 28×28 \(the height and width options\)/);
  });

  it('refuses an empty class folder, naming it', async () => {
    mkdirSync(join(dir, 'empty'));
    put('empty/readme.txt', 'no images here');
    const e = left(await loadImageFolder(dir));
    expect([e._tag, e.path]).toEqual(['DataError', join(dir, 'empty')]);
    expect(e.message).toMatch(/holds no PNG or JPEG image/);
  });

  it('refuses a folder without class folders, a missing folder and bad options', async () => {
    const flat = join(dir, 'apple');
    expect(left(await loadImageFolder(flat)).message).toMatch(/has no class sub-folders/);
    const missing = left(await loadImageFolder(join(dir, 'nope')));
    expect([missing._tag, missing.message]).toEqual(['IoError', 'no such folder']);
    expect(left(await loadImageFolder(dir, { height: 3 })).path).toBe('width');
    expect(left(await loadImageFolder(dir, { channels: 2 as 1 })).path).toBe('channels');
  });
});
