/**
 * AutoAugment's CIFAR-10 policy (Cubuk et al., 2019) on typed-array images, seeded: the 25
 * sub-policies the GOLD-NAS reference implementation applies during its search ([R] =
 * sunsmarterjie/GOLD_NAS, `cifar_search/auto_augment.py`, after crop and flip, before
 * normalisation). Each operation does what the PIL call [R] makes does to an 8-bit image
 * (`ImageOps`, `ImageEnhance`, `Image.transform`); the tests compare them with PIL's outputs.
 *
 * @module
 */
import type { Rng } from '../random.js';
import type { BatchShape } from './dataset.js';

/**
 * The operations of the CIFAR-10 policy.
 *
 * @since 0.2.0
 */
export type AutoAugmentOp =
  | 'shearX' | 'shearY' | 'translateX' | 'translateY' | 'rotate'
  | 'color' | 'posterize' | 'solarize' | 'contrast' | 'sharpness' | 'brightness'
  | 'autocontrast' | 'equalize' | 'invert';

/**
 * One step of a sub-policy: an operation, the probability that it applies, and its magnitude index 0..9.
 *
 * @since 0.2.0
 */
export interface AutoAugmentStep {
  readonly op: AutoAugmentOp;
  readonly probability: number;
  readonly magnitude: number;
}

/**
 * A sub-policy: two steps applied in order, each with its own probability.
 *
 * @since 0.2.0
 */
export type AutoAugmentSubPolicy = readonly [AutoAugmentStep, AutoAugmentStep];

const step = (probability: number, op: AutoAugmentOp, magnitude: number): AutoAugmentStep => ({ op, probability, magnitude });

/**
 * The CIFAR-10 policy: 25 sub-policies, in the order of [R]'s `CIFAR10Policy` (its lines 24-52),
 * which is the policy of the AutoAugment paper as commonly ported. Per image one sub-policy is drawn
 * uniformly; each of its two steps applies with its probability.
 *
 * @example
 * ```ts
 * import { AUTO_AUGMENT_CIFAR10 } from 'gold-nas';
 * AUTO_AUGMENT_CIFAR10[0]; // [{ op: 'invert', probability: 0.1, magnitude: 7 }, { op: 'contrast', probability: 0.2, magnitude: 6 }]
 * ```
 *
 * @since 0.2.0
 */
export const AUTO_AUGMENT_CIFAR10: readonly AutoAugmentSubPolicy[] = [
  [step(0.1, 'invert', 7), step(0.2, 'contrast', 6)],
  [step(0.7, 'rotate', 2), step(0.3, 'translateX', 9)],
  [step(0.8, 'sharpness', 1), step(0.9, 'sharpness', 3)],
  [step(0.5, 'shearY', 8), step(0.7, 'translateY', 9)],
  [step(0.5, 'autocontrast', 8), step(0.9, 'equalize', 2)],
  [step(0.2, 'shearY', 7), step(0.3, 'posterize', 7)],
  [step(0.4, 'color', 3), step(0.6, 'brightness', 7)],
  [step(0.3, 'sharpness', 9), step(0.7, 'brightness', 9)],
  [step(0.6, 'equalize', 5), step(0.5, 'equalize', 1)],
  [step(0.6, 'contrast', 7), step(0.6, 'sharpness', 5)],
  [step(0.7, 'color', 7), step(0.5, 'translateX', 8)],
  [step(0.3, 'equalize', 7), step(0.4, 'autocontrast', 8)],
  [step(0.4, 'translateY', 3), step(0.2, 'sharpness', 6)],
  [step(0.9, 'brightness', 6), step(0.2, 'color', 8)],
  [step(0.5, 'solarize', 2), step(0.0, 'invert', 3)],
  [step(0.2, 'equalize', 0), step(0.6, 'autocontrast', 0)],
  [step(0.2, 'equalize', 8), step(0.8, 'equalize', 4)],
  [step(0.9, 'color', 9), step(0.6, 'equalize', 6)],
  [step(0.8, 'autocontrast', 4), step(0.2, 'solarize', 8)],
  [step(0.1, 'brightness', 3), step(0.7, 'color', 0)],
  [step(0.4, 'solarize', 5), step(0.9, 'autocontrast', 3)],
  [step(0.9, 'translateY', 9), step(0.7, 'translateY', 9)],
  [step(0.9, 'autocontrast', 2), step(0.8, 'solarize', 3)],
  [step(0.8, 'equalize', 8), step(0.1, 'invert', 3)],
  [step(0.7, 'translateY', 9), step(0.9, 'autocontrast', 1)],
];

/** `np.linspace(0, max, 10)[m]`. */
const linspace = (max: number, m: number): number => (max * m) / 9;

/** Whether the operation's magnitude takes a random sign ([R]: shear, translate and the enhance factors; rotate is positive only). */
const SIGNED: ReadonlySet<AutoAugmentOp> = new Set(['shearX', 'shearY', 'translateX', 'translateY', 'color', 'contrast', 'sharpness', 'brightness']);

/**
 * The argument an operation receives for a magnitude index and a sign, as [R] maps them: shear
 * factor 0…0.3; translation 0…150/331 of the image size; rotation 0…30 degrees (positive only);
 * colour, contrast, sharpness and brightness an enhance factor 1 ± 0…0.9; posterize
 * round(8…4) bits kept; solarize a threshold 256…0; the rest none.
 *
 * @param op - the operation.
 * @param magnitude - the index 0..9.
 * @param sign - +1 or −1 (ignored by the operations without a sign).
 * @returns the argument of {@link applyAutoAugmentOp}.
 */
export function autoAugmentArgument(op: AutoAugmentOp, magnitude: number, sign: 1 | -1): number {
  const s = SIGNED.has(op) ? sign : 1;
  switch (op) {
    case 'shearX':
    case 'shearY':
      return s * linspace(0.3, magnitude);
    case 'translateX':
    case 'translateY':
      return s * linspace(150 / 331, magnitude);
    case 'rotate':
      return linspace(30, magnitude);
    case 'color':
    case 'contrast':
    case 'sharpness':
    case 'brightness':
      return 1 + s * linspace(0.9, magnitude);
    case 'posterize':
      return Math.round(8 - (4 * magnitude) / 9);
    case 'solarize':
      return 256 - (256 * magnitude) / 9;
    case 'autocontrast':
    case 'equalize':
    case 'invert':
      return 0;
  }
}

/** An 8-bit image, rows of pixels of `channels` values (1 or 3). */
export interface Image8 {
  readonly data: Uint8Array;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

const FILL = 128;

/** PIL's RGB → L conversion (ITU-R 601-2 luma, fixed point, rounded). */
function luma(r: number, g: number, b: number): number {
  return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
}

/** The grey version of an image, one value per pixel. */
function greyOf(img: Image8): Uint8Array {
  const { data, channels } = img;
  const n = img.height * img.width;
  if (channels === 1) return data.slice();
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = luma(data[i * channels]!, data[i * channels + 1]!, data[i * channels + 2]!);
  return out;
}

/**
 * PIL's `Image.blend(degenerate, image, factor)` on 8-bit values: `degenerate + factor·(image −
 * degenerate)` in single precision, truncated, clipped to 0..255 (`ImageEnhance`'s `enhance`).
 */
function blend(degenerate: (i: number) => number, img: Image8, factor: number): Uint8Array {
  const alpha = Math.fround(factor);
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) {
    const a = degenerate(i);
    const v = Math.fround(a + Math.fround(alpha * (img.data[i]! - a)));
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.trunc(v);
  }
  return out;
}

/** A lookup table applied to every value (per channel when `tables` has one per channel). */
function applyTables(img: Image8, tables: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(img.data.length);
  const c = img.channels;
  for (let i = 0; i < out.length; i++) out[i] = tables[i % c]![img.data[i]!]!;
  return out;
}

function histogram(img: Image8, channel: number): Uint32Array {
  const h = new Uint32Array(256);
  for (let i = channel; i < img.data.length; i += img.channels) h[img.data[i]!]! += 1;
  return h;
}

/** `ImageOps.autocontrast` with no cutoff: each channel's [min, max] stretched to [0, 255] (truncated). */
function autocontrastTable(h: Uint32Array): Uint8Array {
  let lo = 0;
  while (lo < 256 && h[lo] === 0) lo++;
  let hi = 255;
  while (hi >= 0 && h[hi] === 0) hi--;
  const table = new Uint8Array(256);
  if (hi <= lo) {
    for (let i = 0; i < 256; i++) table[i] = i;
    return table;
  }
  const scale = 255 / (hi - lo);
  const offset = -lo * scale;
  for (let i = 0; i < 256; i++) table[i] = Math.min(255, Math.max(0, Math.trunc(i * scale + offset)));
  return table;
}

/** `ImageOps.equalize`: each channel's cumulative histogram in steps of (pixels − last bin) / 255 (identity when that is 0). */
function equalizeTable(h: Uint32Array): Uint8Array {
  const table = new Uint8Array(256);
  const used = Array.from(h).filter((v) => v > 0);
  const total = used.reduce((a, b) => a + b, 0);
  const stepSize = used.length <= 1 ? 0 : Math.floor((total - used[used.length - 1]!) / 255);
  if (stepSize === 0) {
    for (let i = 0; i < 256; i++) table[i] = i;
    return table;
  }
  let n = Math.floor(stepSize / 2);
  for (let i = 0; i < 256; i++) {
    table[i] = Math.min(255, Math.floor(n / stepSize));
    n += h[i]!;
  }
  return table;
}

/**
 * PIL's affine `Image.transform`: output pixel (x, y) reads the input at (a·x' + b·y' + c,
 * d·x' + e·y' + f) with x' = x + ½, y' = y + ½ (pixel centres); a point outside the image gives the
 * fill value. `nearest` takes the pixel under the point; `bicubic` PIL's cubic convolution over the
 * 4×4 pixels around it (edge pixels repeated), truncated.
 */
function affine(img: Image8, m: readonly [number, number, number, number, number, number], filter: 'nearest' | 'bicubic'): Uint8Array {
  const { height: h, width: w, channels: c, data } = img;
  const [a, b, cc, d, e, f] = m;
  const out = new Uint8Array(data.length);
  const at = (x: number, y: number, ch: number): number => data[(Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))) * c + ch]!;
  // PIL's cubic: v(t) = v2 + t·(v3 − v1 + t·(2v1 − 2v2 + v3 − v4 + t·(v2 − v1 + v4 − v3))) (a = −1 convolution).
  const cubic = (v1: number, v2: number, v3: number, v4: number, t: number): number =>
    v2 + t * (-v1 + v3 + t * (2 * (v1 - v2) + v3 - v4 + t * (-v1 + v2 - v3 + v4)));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const xin = a * (x + 0.5) + b * (y + 0.5) + cc;
      const yin = d * (x + 0.5) + e * (y + 0.5) + f;
      const o = (y * w + x) * c;
      if (!(xin >= 0 && xin < w && yin >= 0 && yin < h)) {
        out.fill(FILL, o, o + c);
        continue;
      }
      if (filter === 'nearest') {
        const src = (Math.floor(yin) * w + Math.floor(xin)) * c;
        for (let ch = 0; ch < c; ch++) out[o + ch] = data[src + ch]!;
        continue;
      }
      const xs = xin - 0.5;
      const ys = yin - 0.5;
      const x0 = Math.floor(xs);
      const y0 = Math.floor(ys);
      const dx = xs - x0;
      const dy = ys - y0;
      for (let ch = 0; ch < c; ch++) {
        const rows = [-1, 0, 1, 2].map((k) => cubic(at(x0 - 1, y0 + k, ch), at(x0, y0 + k, ch), at(x0 + 1, y0 + k, ch), at(x0 + 2, y0 + k, ch), dx));
        const v = cubic(rows[0]!, rows[1]!, rows[2]!, rows[3]!, dy);
        out[o + ch] = v <= 0 ? 0 : v >= 255 ? 255 : Math.trunc(v);
      }
    }
  }
  return out;
}

/** PIL's `Image.rotate(degrees)` about the centre (counter-clockwise, nearest pixel, corners filled grey as [R] composites them). */
function rotate(img: Image8, degrees: number): Uint8Array {
  const angle = -((((degrees % 360) + 360) % 360) * Math.PI) / 180;
  const round15 = (v: number): number => Math.round(v * 1e15) / 1e15;
  const cos = round15(Math.cos(angle));
  const sin = round15(Math.sin(angle));
  const cx = img.width / 2;
  const cy = img.height / 2;
  const c = cos * -cx + sin * -cy + cx;
  const f = -sin * -cx + cos * -cy + cy;
  return affine(img, [cos, sin, c, -sin, cos, f], 'nearest');
}

/** PIL's `ImageFilter.SMOOTH` (3×3 kernel 1 1 1 / 1 5 1 / 1 1 1, divided by 13, rounded); the border pixels are kept. */
function smooth(img: Image8): Uint8Array {
  const { height: h, width: w, channels: c, data } = img;
  const out = data.slice();
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      for (let ch = 0; ch < c; ch++) {
        let sum = 0;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += data[((y + dy) * w + (x + dx)) * c + ch]! * (dx === 0 && dy === 0 ? 5 : 1);
        out[(y * w + x) * c + ch] = Math.min(255, Math.round(sum / 13));
      }
    }
  }
  return out;
}

/**
 * Applies one AutoAugment operation to an 8-bit image, as the PIL call of [R]'s policy does.
 *
 * @param img - the image (not modified).
 * @param op - the operation.
 * @param arg - its argument ({@link autoAugmentArgument}): shear factor, translation as a fraction
 *   of the size, degrees, enhance factor, bits kept, or threshold.
 * @returns the new pixel values, same layout.
 */
export function applyAutoAugmentOp(img: Image8, op: AutoAugmentOp, arg: number): Uint8Array {
  const { data } = img;
  switch (op) {
    case 'shearX':
      return affine(img, [1, arg, 0, 0, 1, 0], 'bicubic');
    case 'shearY':
      return affine(img, [1, 0, 0, arg, 1, 0], 'bicubic');
    case 'translateX':
      return affine(img, [1, 0, arg * img.width, 0, 1, 0], 'nearest');
    case 'translateY':
      return affine(img, [1, 0, 0, 0, 1, arg * img.height], 'nearest');
    case 'rotate':
      return rotate(img, arg);
    case 'color': {
      const grey = greyOf(img);
      return blend((i) => grey[Math.floor(i / img.channels)]!, img, arg);
    }
    case 'contrast': {
      const grey = greyOf(img);
      const mean = Math.floor(grey.reduce((a, b) => a + b, 0) / grey.length + 0.5);
      return blend(() => mean, img, arg);
    }
    case 'sharpness': {
      const smoothed = smooth(img);
      return blend((i) => smoothed[i]!, img, arg);
    }
    case 'brightness':
      return blend(() => 0, img, arg);
    case 'posterize': {
      const mask = ~((1 << (8 - arg)) - 1) & 0xff;
      return data.map((v) => v & mask);
    }
    case 'solarize':
      return data.map((v) => (v < arg ? v : 255 - v));
    case 'autocontrast':
      return applyTables(img, Array.from({ length: img.channels }, (_, ch) => autocontrastTable(histogram(img, ch))));
    case 'equalize':
      return applyTables(img, Array.from({ length: img.channels }, (_, ch) => equalizeTable(histogram(img, ch))));
    case 'invert':
      return data.map((v) => 255 - v);
  }
}

/**
 * Applies the policy to every image of a batch, in place: values in [0, 1] (the datasets' scale,
 * before normalisation) are read as 8-bit levels (×255, rounded), each image draws a sub-policy
 * uniformly (`rng.int(25)`), then for each of its two steps a number below the step's probability
 * applies it, with a sign drawn (`rng.next() < 0.5` → −1) for the signed operations; the result is
 * written back as levels / 255.
 *
 * @param x - the batch's values, NHWC.
 * @param shape - `[n, height, width, channels]` (1 or 3 channels).
 * @param rng - the batch's generator.
 * @param policy - the sub-policies (default {@link AUTO_AUGMENT_CIFAR10}).
 * @internal
 */
export function autoAugmentInPlace(x: Float32Array, shape: BatchShape, rng: Rng, policy: readonly AutoAugmentSubPolicy[] = AUTO_AUGMENT_CIFAR10): void {
  const [n, height, width, channels] = shape;
  const per = height * width * channels;
  for (let b = 0; b < n; b++) {
    const sub = policy[rng.int(policy.length)]!;
    let img: Image8 | null = null;
    for (const s of sub) {
      if (!(rng.next() < s.probability)) continue;
      const sign: 1 | -1 = SIGNED.has(s.op) && rng.next() < 0.5 ? -1 : 1;
      img ??= { data: Uint8Array.from(x.subarray(b * per, (b + 1) * per), (v) => Math.min(255, Math.max(0, Math.round(v * 255)))), height, width, channels };
      img = { ...img, data: applyAutoAugmentOp(img, s.op, autoAugmentArgument(s.op, s.magnitude, sign)) };
    }
    if (img !== null) for (let i = 0; i < per; i++) x[b * per + i] = img.data[i]! / 255;
  }
}
