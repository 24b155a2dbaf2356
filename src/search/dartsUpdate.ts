/**
 * DARTS's bilevel update (Liu et al. 2019; quark0/darts `cnn/train_search.py`, `cnn/architect.py`)
 * as an update rule: half of the training examples train the weights ω, the other half α. Each
 * step first updates α on a batch of α's half (first order: ∇α L_val(ω, α); second order: the
 * gradient through one virtual weight step), with the strategy's α optimiser (Adam in DARTS), then
 * ω on the loop's batch of the other half, with the updated α.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import * as t from 'io-ts';
import { closedType } from '../codecs.js';
import type { BatchIterator } from '../data/batches.js';
import type { Batch } from '../data/dataset.js';
import { deriveSeed } from '../data/seeds.js';
import { splitDataset } from '../data/split.js';
import type { DatasetSplit } from '../data/split.js';
import { goldNasError } from '../errors.js';
import { namedVariableGrads } from '../backends/variableGradsFreeing.js';
import { BatchCursorCodec, decodeCheckpointState } from '../loop/stateCodecs.js';
import { supernetLoss } from '../supernet/lossAndGrads.js';
import { unrolledAlphaGrad } from '../supernet/unrolledAlphaGrad.js';
import type { PartEntry } from './partEntry.js';
import { partEntry } from './partEntry.js';
import type { UpdateRule } from './strategy.js';

/**
 * Options of {@link dartsBilevelUpdate}.
 *
 * @since 0.2.0
 */
export interface DartsUpdateConfig {
  /** 1: first order, α from ∇α L_val(ω, α) (DARTS's default); 2: second order, through one virtual weight step. */
  readonly order: 1 | 2;
  /** The share of the training examples kept for α (DARTS's `train_portion` leaves 0.5). */
  readonly alphaShare: number;
}

/**
 * DARTS's values: first order, half of the training examples for α.
 *
 * @since 0.2.0
 */
export const DARTS_UPDATE_DEFAULTS: DartsUpdateConfig = { order: 1, alphaShare: 0.5 };

/** A tag that gives the α/ω split a seed of its own, apart from the held-out split's ('DART'). */
const SPLIT_TAG = 0x44415254;

const StateCodec = closedType('DartsUpdateState', { cursor: BatchCursorCodec });

function tensors(tf: Parameters<UpdateRule['create']>[0]['tf'], batch: Batch): { x: Tensor; y: Tensor } {
  return { x: tf.tensor4d(batch.x, [...batch.shape]), y: tf.tensor1d(batch.y, 'int32') };
}

/**
 * DARTS's bilevel update rule (`darts-bilevel`). Per step:
 * 1. draw the next batch of α's half (its own seeded order, augmented and normalised as the loop's);
 * 2. α's gradient: first order ∇α L_val(ω, α); second order ∇α L_val(ω′, α) − η·H·v with
 *    ω′ = ω − η·(m·buf + ∇ω L_train(ω, α) + wd·ω) on the loop's batch and H·v by central
 *    differences with ε = 0.01/‖∇ω′ L_val(ω′, α)‖ (`unrolledAlphaGrad`; needs a weights optimiser
 *    with `virtualStep`, which `sgd` has);
 * 3. the α optimiser's step at `alpha.lr`;
 * 4. ω's gradient ∇ω L_train(ω, α) on the loop's batch with the new α, and the weights optimiser's step at η.
 *
 * L is cross-entropy (+ auxiliary) + λ·R(gates): the penalty touches α only (λ is 0 in DARTS).
 * α never sees the loop's examples except through ω′'s training gradient in the second order, as
 * in DARTS; ω never sees α's half. The state (α's batch cursor) goes into checkpoints.
 *
 * @param config - the order and α's share of the training examples.
 * @returns the update rule.
 *
 * @example
 * ```ts
 * import { dartsBilevelUpdate } from 'gold-nas';
 * const secondOrder = dartsBilevelUpdate({ order: 2, alphaShare: 0.5 });
 * secondOrder.name; // 'darts-bilevel'
 * ```
 * @since 0.2.0
 */
export function dartsBilevelUpdate(config: DartsUpdateConfig = DARTS_UPDATE_DEFAULTS): UpdateRule {
  return {
    name: 'darts-bilevel',
    splitTraining: (train, seed) => E.map((s: DatasetSplit) => ({ loop: s.train, rule: s.heldOut }))(
      splitDataset(train, { heldOut: config.alphaShare, seed: deriveSeed(seed, SPLIT_TAG) }),
    ),
    create: ({ tf, net, penalty, optimizers, config: search, data }) => {
      if (data.ruleBatches === undefined) {
        return E.left(goldNasError('ConfigError', 'update', 'darts-bilevel needs its half of the training examples: run it through runSearch, which calls its splitTraining'));
      }
      const virtualStep = optimizers.weights.virtualStep?.bind(optimizers.weights);
      if (config.order === 2 && virtualStep === undefined) {
        return E.left(goldNasError('ConfigError', 'weights.optimizer',
          "second-order DARTS needs a weights optimiser with virtualStep (the unrolled step ω′); 'sgd' has one"));
      }
      const make = data.ruleBatches;
      const first = make();
      if (E.isLeft(first)) return first;
      let batches: BatchIterator = first.right;
      const lossOptions = (lambda: number) => ({ lambda, penalty, auxiliaryWeight: search.auxiliaryWeight });
      return E.right({
        step: ({ batch, lr, lambda }) => {
          const valBatch = batches.next();
          return tf.tidy((): Scalar => {
            const train = tensors(tf, batch);
            const val = tensors(tf, valBatch);
            const trainLoss = supernetLoss(tf, net, train.x, train.y, lossOptions(lambda));
            const valLoss = supernetLoss(tf, net, val.x, val.y, lossOptions(lambda));
            let alphaGrad: Tensor;
            if (config.order === 2) {
              alphaGrad = unrolledAlphaGrad(tf, net.weights, net.alpha, { trainLoss, valLoss, lr, virtualStep: virtualStep! });
            } else {
              const { grads } = namedVariableGrads(tf, valLoss, [net.alpha]);
              alphaGrad = grads[net.alpha.name] ?? tf.zerosLike(net.alpha.variable);
            }
            optimizers.alpha.apply([net.alpha], { [net.alpha.name]: alphaGrad }, search.alpha.lr)?.dispose();
            const { value, grads } = namedVariableGrads(tf, trainLoss, net.weights);
            optimizers.weights.apply(net.weights, grads, lr)?.dispose();
            return value;
          });
        },
        state: () => ({ cursor: batches.cursor() }),
        restore: (state) => {
          const decoded = decodeCheckpointState(StateCodec, state, 'state.update');
          if (E.isLeft(decoded)) return decoded;
          const resumed = make(decoded.right.cursor);
          if (E.isLeft(resumed)) return E.left(goldNasError('CheckpointError', 'state.update.cursor', resumed.left.message));
          batches = resumed.right;
          return E.right(undefined);
        },
        dispose: () => undefined,
      });
    },
  };
}

/** The registry entry of `darts-bilevel`: options `order` (1 or 2, default 1) and `alphaShare` in (0, 1) (default 0.5). */
export const DARTS_BILEVEL_ENTRY: PartEntry<UpdateRule> = partEntry(
  "darts-bilevel: DARTS's bilevel update, α on its own half of the training examples (options order = 1 | 2, alphaShare = 0.5)",
  closedType('darts-bilevel options', {}, {
    order: t.union([t.literal(1), t.literal(2)], '1 | 2'),
    alphaShare: t.refinement(t.number, (n) => n > 0 && n < 1, 'a fraction in (0, 1)'),
  }),
  (o) => E.right(dartsBilevelUpdate({ ...DARTS_UPDATE_DEFAULTS, ...o })),
);
