// Search parts of one's own, as values: a pruning rule, an objective and a candidate evaluator,
// plus a registry extension that lets a JSON configuration name them. custom-strategy.ts runs
// them; the CLI loads this module with
//
//   npx gold-nas search --preset synthetic-tiny --config my.json --registry examples/dist/custom-parts.js
//
// docs/strategies.md walks through it.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { closedType, decodeWith, fixedPartEntry, goldNasError, integerCodec, nodeKey, numberCodec, objective, topOneHits } from 'gold-nas';
import type { CandidateEvaluator, GoldNasError, PruneEvent, PruningScheduler, SearchRegistryExtension } from 'gold-nas';

// --- 1. A pruning rule: each round, drop the k live operators with the weakest gates (never a
// node's last input), with a constant penalty weight, until the live FLOPs fall below a floor.

export interface WeakestKConfig {
  /** Operators dropped per round. */
  readonly k: number;
  /** The constant penalty weight λ. */
  readonly lambda: number;
  /** Stop once the live network's FLOPs fall below this (0: never). */
  readonly flopsMin: number;
}

/** The rule's state: plain JSON, so a checkpoint stores it as it is. */
export interface WeakestKState {
  readonly config: WeakestKConfig;
  readonly round: number;
  readonly done: boolean;
}

const configFields = { k: integerCodec({ min: 1 }), lambda: numberCodec({ min: 0 }), flopsMin: numberCodec({ min: 0 }) };
const PartialConfigCodec = closedType('WeakestKConfig', {}, configFields);
const StateCodec = closedType('WeakestKState', { config: closedType('WeakestKConfig', configFields), round: integerCodec({ min: 0 }), done: t.boolean });
const DEFAULTS: WeakestKConfig = { k: 2, lambda: 0.01, flopsMin: 0 };

export const weakestK: PruningScheduler<WeakestKConfig, WeakestKState> = {
  name: 'weakest-k',
  // `path` is where the options sit in a configuration (pruning.scheduler), so errors name the field.
  decodeConfig: (input, path = 'pruning.scheduler') =>
    E.map((c: Partial<WeakestKConfig>) => ({ ...DEFAULTS, ...c }))(decodeWith(PartialConfigCodec, input, path)),
  init: (config) => ({ config, round: 0, done: false }),
  step: ({ slots, snapshot, live, state, flops }) => {
    if (state.done) return { live: Uint8Array.from(live), state, events: [], done: true };
    const inputs = new Map<number, number>();
    for (const s of slots) if (live[s.index]) inputs.set(nodeKey(s), (inputs.get(nodeKey(s)) ?? 0) + 1);
    const weakest = slots.filter((s) => live[s.index]).sort((a, b) => snapshot.gates[a.index]! - snapshot.gates[b.index]! || a.index - b.index);
    const next = Uint8Array.from(live);
    const dropped: number[] = [];
    for (const s of weakest) {
      if (dropped.length >= state.config.k) break;
      if (inputs.get(nodeKey(s))! <= 1) continue;
      inputs.set(nodeKey(s), inputs.get(nodeKey(s))! - 1);
      next[s.index] = 0;
      dropped.push(s.index);
    }
    const events: PruneEvent[] = [];
    if (dropped.length > 0) {
      // Record the architecture about to change (every distinct architecture becomes a candidate).
      events.push({ type: 'record', architecture: 'before', reason: 'change', stableRounds: 0 });
      events.push({ type: 'prune', slots: dropped, reason: 'threshold', sweep: 0 });
    }
    const done = flops(next) < state.config.flopsMin || dropped.length === 0;
    if (done) {
      events.push({ type: 'record', architecture: 'after', reason: 'final', stableRounds: 0 });
      events.push({ type: 'stop', reason: 'flops-min', flops: flops(next) });
    }
    return { live: next, state: { ...state, round: state.round + 1, done }, events, done };
  },
  lambda: (state) => state.config.lambda,
  decodeState: (input) =>
    E.mapLeft((e: GoldNasError) => goldNasError('CheckpointError', e.path, e.message))(decodeWith(StateCodec, input, 'state.scheduler')),
};

// --- 2. An objective: how many separable convolutions the architecture keeps (fewer is better).

export const sepConvs = objective('sepConvs', 'min', (c) =>
  c.architecture.cells.reduce((n, cell) => n + cell.edges.filter((e) => e.op.startsWith('sep_conv')).length, 0));

// --- 3. A candidate evaluator: held-out accuracy and mean cross-entropy of the super-network
// restricted to the candidate, read back once per candidate.

export const heldOutLoss: CandidateEvaluator = {
  name: 'held-out-loss',
  evaluate: async ({ tf, net, heldOut }) => {
    let sums: { loss: number; hits: number; n: number } = { loss: 0, hits: 0, n: 0 };
    for (const b of heldOut()) {
      const [loss, hits] = tf.tidy(() => {
        const logits = net.forward(tf.tensor4d(b.x, [...b.shape]), { training: false }).logits;
        const labels = tf.tensor1d(b.y, 'int32');
        const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, logits.shape[1]!), logits);
        return [tf.mul(ce, b.n), topOneHits(tf, logits, labels)];
      });
      const [l, h] = await Promise.all([loss.data(), hits.data()]);
      tf.dispose([loss, hits]);
      sums = { loss: sums.loss + l[0]!, hits: sums.hits + h[0]!, n: sums.n + b.n };
    }
    if (sums.n === 0) return E.left(goldNasError('DataError', 'heldOut', 'the held-out split gave no batch'));
    return E.right({ accuracy: sums.hits / sums.n, loss: sums.loss / sums.n });
  },
};

// --- 4. The registry extension a JSON configuration (or `gold-nas search --registry`) reaches them through.

export const registry: SearchRegistryExtension = {
  schedulers: { 'weakest-k': weakestK },
  objectives: { sepConvs: fixedPartEntry('separable convolutions kept, minimised', sepConvs) },
  evaluators: { 'held-out-loss': fixedPartEntry('held-out accuracy and cross-entropy of the restricted super-network', heldOutLoss) },
};
