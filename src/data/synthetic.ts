/**
 * A seeded, learnable synthetic image dataset for tests and examples: each class has its own
 * colour and oriented stripe pattern, and every example is its class's pattern plus Gaussian noise.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { createRng } from '../random.js';
import type { Dataset } from './dataset.js';
import { SEED_TAG, deriveSeed } from './seeds.js';

/**
 * Options of {@link syntheticDataset}.
 *
 * @example
 * ```ts
 * import type { SyntheticOptions } from 'gold-nas';
 * const mnistLike: SyntheticOptions = { size: 500, seed: 1, height: 28, width: 28, channels: 1, classes: 10 };
 * ```
 * @since 0.1.0
 */
export interface SyntheticOptions {
  /** Number of examples (≥ 0). Labels cycle `0, 1, …, classes-1`, so classes stay balanced. */
  readonly size: number;
  /** The seed; the same options always give the same dataset. */
  readonly seed: number;
  /** Image height (default 8). */
  readonly height?: number;
  /** Image width (default 8). */
  readonly width?: number;
  /** Channels (default 3). */
  readonly channels?: number;
  /** Classes (default 10). */
  readonly classes?: number;
  /** Standard deviation of the per-pixel Gaussian noise (default 0.2); larger is harder. */
  readonly noise?: number;
  /** The dataset's name (default `synthetic`). */
  readonly name?: string;
}

/**
 * Makes a seeded synthetic dataset that a small network learns within a few hundred steps.
 * Class `c`'s pattern, per channel, is `μ + 0.2·cos(2π(fy·i/H + fx·j/W) + φ)` with a random
 * colour `μ ∈ [0.25, 0.75)`, whole frequencies `fy, fx ∈ {0, 1, 2}` and phase `φ`; an example adds
 * `noise·N(0, 1)` to every value and clips to [0, 1]. Classes differ both in mean colour (so a
 * network ending in global pooling can tell them apart) and in spatial pattern.
 *
 * @param options - size, seed, and optional shape, class count and noise.
 * @returns the dataset, or a `ConfigError` naming the bad option.
 *
 * @example
 * ```ts
 * import { syntheticDataset } from 'gold-nas';
 * import * as E from 'fp-ts/lib/Either.js';
 * const ds = syntheticDataset({ size: 256, seed: 42, height: 16, width: 16, channels: 3, classes: 4 });
 * if (E.isRight(ds)) console.log(ds.right.x.length); // 256·16·16·3
 * ```
 * @since 0.1.0
 */
export function syntheticDataset(options: SyntheticOptions): Either<GoldNasError, Dataset> {
  const args = checkArguments('syntheticDataset', { options: [options, 'object', '{ size, seed, … }'] });
  if (E.isLeft(args)) return args;
  const { size, seed, height = 8, width = 8, channels = 3, classes = 10, noise = 0.2 } = options;
  if (!Number.isInteger(size) || size < 0) return E.left(goldNasError('ConfigError', 'size', `must be a whole number ≥ 0, got ${size}`));
  for (const [key, v] of [['height', height], ['width', width], ['channels', channels], ['classes', classes]] as const) {
    if (!Number.isInteger(v) || v <= 0) return E.left(goldNasError('ConfigError', key, `must be a positive integer, got ${v}`));
  }
  if (!(noise >= 0) || !Number.isFinite(noise)) return E.left(goldNasError('ConfigError', 'noise', `must be a finite number ≥ 0, got ${noise}`));
  if (!Number.isFinite(seed)) return E.left(goldNasError('ConfigError', 'seed', `must be a finite number, got ${seed}`));

  const rng = createRng(deriveSeed(seed, SEED_TAG.synthetic));
  const per = height * width * channels;
  const prototypes = new Float32Array(classes * per);
  for (let c = 0; c < classes; c++) {
    for (let ch = 0; ch < channels; ch++) {
      const mu = 0.25 + 0.5 * rng.next();
      const fy = rng.int(3);
      const fx = rng.int(3);
      const phase = 2 * Math.PI * rng.next();
      for (let i = 0; i < height; i++) {
        for (let j = 0; j < width; j++) {
          prototypes[c * per + (i * width + j) * channels + ch] = mu + 0.2 * Math.cos(2 * Math.PI * ((fy * i) / height + (fx * j) / width) + phase);
        }
      }
    }
  }
  const x = new Float32Array(size * per);
  const y = new Int32Array(size);
  for (let n = 0; n < size; n++) {
    const c = n % classes;
    y[n] = c;
    const base = n * per;
    const proto = c * per;
    for (let k = 0; k < per; k++) {
      const v = prototypes[proto + k]! + (noise > 0 ? noise * rng.normal() : 0);
      x[base + k] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
  return E.right({ name: options.name ?? 'synthetic', shape: { height, width, channels, classes }, size, x, y });
}
