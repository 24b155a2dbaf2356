/**
 * The re-training step benchmark (issue 12): one SGD step of a discrete network, as `runRetrain`
 * takes it (training-mode forward with drop-path, cross-entropy, backward, SGD with momentum,
 * weight decay and clipping), on a synthetic batch of the layout's shape, timed like the search
 * step (`timeTrainingStep`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { TF } from '../../tf.js';
import type { GoldNasError } from '../../errors.js';
import type { Architecture } from '../../space/architecture.js';
import type { MacroLayout } from '../../space/layout.js';
import { buildNetwork } from '../../network/buildNetwork.js';
import { createSgd } from '../../optim/sgd.js';
import { createRng } from '../../random.js';
import { networkCost } from '../../resources/networkCost.js';
import type { RetrainConfig } from '../../train/retrainConfig.js';
import { networkLossAndGrads } from '../../train/networkLossAndGrads.js';
import { RETRAIN_PRESETS } from '../../train/retrainPresets.js';
import { timeTrainingStep } from './timeTrainingStep.js';
import type { StepTimings, TimeStepOptions } from './timeTrainingStep.js';

/** What {@link benchmarkRetrainStep} runs. */
export interface RetrainBenchOptions extends TimeStepOptions {
  /** The architecture to re-train. */
  readonly architecture: Architecture;
  /** The layout it is built on (the search's). */
  readonly layout: MacroLayout;
  /** The re-training configuration (default `RETRAIN_PRESETS.mnist`): batch, optimiser, drop-path, auxiliary head. */
  readonly config?: RetrainConfig;
  /** Threads the backend was readied with (reported only). */
  readonly threads?: number;
}

/** What one re-training benchmark run measured. */
export interface RetrainBenchResult extends StepTimings {
  readonly backend: string;
  readonly threads: number;
  readonly batch: number;
  /** The network's millions of multiply-adds per image (the paper's MFLOPs) and parameters. */
  readonly mmacs: number;
  readonly params: number;
  readonly imagesPerSecond?: number;
}

/**
 * Benchmarks one re-training step of `architecture` on the backend `tf` is set to.
 *
 * @param tf - the injected tfjs namespace, with its backend ready.
 * @param options - the architecture, layout, configuration, steps and warm-up.
 * @returns the measurements, or an error if the network cannot be built.
 */
export async function benchmarkRetrainStep(tf: TF, options: RetrainBenchOptions): Promise<Either<GoldNasError, RetrainBenchResult>> {
  const config = options.config ?? RETRAIN_PRESETS.mnist;
  const { architecture, layout } = options;
  const built = buildNetwork(tf, { architecture, layout, auxiliary: config.auxiliaryWeight > 0, seed: config.seed });
  if (E.isLeft(built)) return built;
  const net = built.right;
  const sgd = createSgd(tf, { momentum: config.optimizer.momentum, weightDecay: config.optimizer.weightDecay, clipNorm: config.optimizer.clipNorm });
  const batch = config.batchSize;
  const x = tf.randomNormal([batch, layout.inputSize, layout.inputSize, layout.inputChannels], 0, 1, 'float32', 3);
  const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % layout.classes), 'int32');
  let stepIndex = 0;
  const step = async (): Promise<void> => {
    const rng = createRng(1000 + stepIndex++);
    const loss = tf.tidy(() => {
      const r = networkLossAndGrads(tf, net, x, y, { auxiliaryWeight: config.auxiliaryWeight, labelSmoothing: config.labelSmoothing, dropPath: config.dropPath, rng });
      sgd.apply(net.variables, r.grads, config.optimizer.lr)?.dispose();
      return r.loss;
    });
    await loss.data();
    loss.dispose();
  };
  const cost = networkCost(architecture, layout);
  const timings = await timeTrainingStep(tf, step, options);
  tf.dispose([x, y]);
  sgd.dispose();
  net.dispose();
  const median = timings.ms?.median;
  return E.right({
    backend: tf.getBackend(), threads: options.threads ?? 1, batch,
    mmacs: E.isRight(cost) ? cost.right.macs / 1e6 : Number.NaN,
    params: E.isRight(cost) ? cost.right.params : Number.NaN,
    ...timings,
    ...(median !== undefined ? { imagesPerSecond: batch / (median / 1000) } : {}),
  });
}
