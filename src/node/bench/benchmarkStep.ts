/**
 * The training-step benchmark of one network on one backend (issue 5): a GOLD-NAS one-level step
 * timed after warm-up (`timeTrainingStep`), with throughput, memory, tensor counts and a per-kernel
 * wall and process-CPU profile. `bench/` and `gold-nas bench` both run it.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { TF } from '../../tf.js';
import type { GoldNasError } from '../../errors.js';
import { goldNasError } from '../../errors.js';
import { createSgd } from '../../optim/sgd.js';
import { liveCost } from '../../resources/liveCost.js';
import { linearPenalty } from '../../resources/penaltyLinear.js';
import { slotCosts } from '../../resources/slotCosts.js';
import { operatorSlots } from '../../space/searchSpace.js';
import { buildSupernet } from '../../supernet/buildSupernet.js';
import { supernetLossAndGrads } from '../../supernet/lossAndGrads.js';
import { timeTrainingStep } from './timeTrainingStep.js';
import type { StepTimings, TimeStepOptions } from './timeTrainingStep.js';
import { BENCH_LAMBDA, BENCH_LEARNING_RATE, BENCH_NETWORKS, prunedMask, slotMmacs } from './networks.js';
import type { BenchNetworkName } from './networks.js';

/** What {@link benchmarkStep} runs. */
export interface StepBenchOptions extends TimeStepOptions {
  readonly net: BenchNetworkName;
  /** Prune the super-network to about half its live FLOPs first. */
  readonly pruned?: boolean;
  /** Threads the backend was readied with (reported only). */
  readonly threads?: number;
  /** Images per step instead of the network's own batch (to tell per-call costs from per-value ones). */
  readonly batch?: number;
}

/** What one benchmark run measured. */
export interface StepBenchResult extends StepTimings {
  readonly net: BenchNetworkName;
  readonly backend: string;
  readonly threads: number;
  readonly pruned: boolean;
  readonly batch: number;
  readonly liveOps: number;
  readonly totalOps: number;
  /** Live millions of multiply-adds per image (fixed part included): the paper's MFLOPs. */
  readonly liveMmacs: number;
  /** Live FLOPs / the full network's FLOPs. */
  readonly liveFraction: number;
  /** Billions of multiply-adds per step: 3 × forward × batch. */
  readonly stepGmacs: number;
  readonly imagesPerSecond?: number;
  /** Billions of multiply-adds per second (a step = 3 × forward). */
  readonly gmacsPerSecond?: number;
}

/**
 * Benchmarks the one-level training step of a reference network on the backend `tf` is set to.
 *
 * @param tf - the injected tfjs namespace, with its backend ready.
 * @param options - the network, pruning, steps and warm-up.
 * @returns the measurements, or an error if the network cannot be built.
 */
export async function benchmarkStep(tf: TF, options: StepBenchOptions): Promise<Either<GoldNasError, StepBenchResult>> {
  const def = BENCH_NETWORKS[options.net];
  if (def === undefined) return E.left(goldNasError('ConfigError', 'net', `unknown network '${options.net}'; known: ${Object.keys(BENCH_NETWORKS).join(', ')}`));
  const pruned = options.pruned === true;
  const backend = tf.getBackend();
  const { space } = def;
  const batch = options.batch ?? def.batch;
  const slots = operatorSlots(space);
  const costs = slotCosts(space);
  const built = buildSupernet(tf, space, { seed: 1 });
  if (E.isLeft(built)) return built;
  const net = built.right;
  const fullMacs = liveCost(space, net.live, costs).macs;
  if (pruned) {
    const mask = prunedMask(space, 0.5, 7, { slots, costs, fullMacs });
    const r = net.prune(slots.filter((s) => mask[s.index] === 0).map((s) => s.index));
    if (E.isLeft(r)) {
      net.dispose();
      return r;
    }
  }
  const macs = liveCost(space, net.live, costs).macs;
  const mmacs = slotMmacs(costs);
  const mean = mmacs.reduce((a, b) => a + b, 0) / mmacs.length;
  // linearPenalty divides each cost by its mean; weighting by the mean gives back absolute millions of multiply-adds.
  const penalty = linearPenalty(tf, { macs: mmacs, params: new Float64Array(mmacs.length) }, { flops: mean });
  if (E.isLeft(penalty)) {
    net.dispose();
    return penalty;
  }
  const sgd = createSgd(tf, { momentum: 0, weightDecay: 0 });
  const size = space.layout.inputSize;
  const x = tf.randomNormal([batch, size, size, space.layout.inputChannels], 0, 1, 'float32', 3);
  const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % space.layout.classes), 'int32');
  const dispose = (): void => {
    tf.dispose([x, y]);
    penalty.right.dispose();
    sgd.dispose();
    net.dispose();
  };

  const step = async (): Promise<void> => {
    const { loss, grads } = supernetLossAndGrads(tf, net, x, y, { lambda: BENCH_LAMBDA, penalty: penalty.right });
    sgd.apply([...net.weights, net.alpha], grads, BENCH_LEARNING_RATE);
    await loss.data();
    tf.dispose([loss, ...Object.values(grads)]);
  };
  const base = {
    net: options.net, backend, threads: options.threads ?? 1, pruned, batch, liveOps: net.live.reduce((a, b) => a + b, 0), totalOps: slots.length,
    liveMmacs: macs / 1e6, liveFraction: macs / fullMacs, stepGmacs: (3 * macs * batch) / 1e9,
  };
  const timings = await timeTrainingStep(tf, step, options);
  dispose();
  const median = timings.ms?.median;
  return E.right({
    ...base,
    ...timings,
    ...(median !== undefined ? { imagesPerSecond: batch / (median / 1000), gmacsPerSecond: base.stepGmacs / (median / 1000) } : {}),
  });
}
