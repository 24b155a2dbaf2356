// GOLD-NAS's Algorithm 1 and the Pareto tools on hand-made numbers: no tensors, no training
// (docs/concepts.md).
//
//   npm run build && npx tsc -p examples && node examples/dist/pruning-by-hand.js
import {
  GOLD_PRIMITIVES, GOLD_PRUNING_DEFAULTS, OPERATORS, SEARCH_OBJECTIVES, cifarLayout, fullLiveMask, goldPrune, goldPruningStep,
  hypervolume, initGoldPruningState, nodeNormalisedWeights, operatorSlots, paretoFront, updateLambda,
} from 'gold-nas';
import type { GoldNasError, GoldPruningState } from 'gold-nas';
import { formatError } from 'gold-nas';
import * as E from 'fp-ts/lib/Either.js';

function orExit<A>(e: E.Either<GoldNasError, A>): A {
  if (E.isLeft(e)) {
    console.error(formatError(e.left));
    process.exit(2);
  }
  return e.right;
}

// One cell with one node: four slots enter node 2 (states 0 and 1, two operators each).
const space = { mode: 'gold', layout: cifarLayout({ cells: 1, nodes: 1 }), operators: GOLD_PRIMITIVES, table: OPERATORS } as const;
const slots = operatorSlots(space);
console.log(slots.map((s) => `slot ${s.index}: ${s.from} -> ${s.to} ${s.op}`).join('\n'));

// Gates σ(α) after a training period, and the node-normalised weights w = g / Σ g the rules compare.
const gates = new Float32Array([0.004, 0.03, 0.35, 0.4]);
const live = fullLiveMask(slots);
console.log('w =', Array.from(nodeNormalisedWeights(slots, gates, live), (w) => w.toFixed(4)).join(', '));

// The prune step: sweeps of "drop every w ≤ ξ_min", then "drop the weakest w ≤ ξ_max", up to n0 times.
const pruned = goldPrune(slots, gates, live, GOLD_PRUNING_DEFAULTS);
console.log('live after goldPrune:', Array.from(pruned.live).join(''), pruned.events.map((e) => `${e.reason}@sweep${e.sweep}: [${e.slots.join(', ')}]`).join('; '));

// The variable constraint: λ grows faster and faster while fewer than n0 operators go, and drops by c0 after a big round.
let lambda = { lambda: 0, deltaLambda: GOLD_PRUNING_DEFAULTS.lambda0 };
const rounds = [0, 0, 0, 1, 5, 0];
for (const n of rounds) {
  const next = updateLambda(lambda, n, GOLD_PRUNING_DEFAULTS);
  console.log(`pruned ${n}: λ ${lambda.lambda.toExponential(2)} -> ${next.lambda.toExponential(2)}, Δλ -> ${next.deltaLambda.toExponential(2)} (${next.reason})`);
  lambda = next;
}

// A whole round as the search loop runs it: prune, move λ, say what to record, stop below FLOPs_min.
const flops = (mask: Uint8Array): number => 1e6 * mask.reduce((a, b) => a + b, 0); // pretend each operator costs 1M multiply-adds
let state: GoldPruningState = initGoldPruningState({ ...GOLD_PRUNING_DEFAULTS, flopsMin: 2.5e6, record: 'every-change' });
const round = goldPruningStep({ slots, snapshot: { gates }, live, state, step: 100, flops });
state = round.state;
console.log('round events:', round.events.map((e) => e.type).join(', '), '| done:', round.done, '| λ:', state.lambda);

// Pareto front and hypervolume over three objectives with their directions.
const candidates = [
  { id: 'big', values: { flops: 30e6, params: 200e3, accuracy: 0.97 } },
  { id: 'mid', values: { flops: 18e6, params: 120e3, accuracy: 0.96 } },
  { id: 'worse', values: { flops: 20e6, params: 150e3, accuracy: 0.95 } },
  { id: 'small', values: { flops: 9e6, params: 60e3, accuracy: 0.9 } },
];
const front = orExit(paretoFront(candidates, SEARCH_OBJECTIVES));
console.log('front:', front.map((p) => p.id).join(', '));
const reference = { flops: 30e6, params: 200e3, accuracy: 0 };
const normalised = front.map((p) => ({ values: { flops: p.values.flops / reference.flops, params: p.values.params / reference.params, accuracy: p.values.accuracy } }));
const volume = orExit(hypervolume(normalised, SEARCH_OBJECTIVES, { flops: 1, params: 1, accuracy: 0 }));
console.log('hypervolume (costs divided by the largest, reference (1, 1, 0)):', volume.toFixed(4));
