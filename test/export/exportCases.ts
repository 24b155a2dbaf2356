/**
 * The networks the export tests compare (Node on cpu and wasm, Chromium on webgl): DARTS_V2 at a
 * small C, a GOLD candidate with many operators per edge on odd map sizes, and the ImageNet layout
 * (FactorizedReduce in the first cell's preprocessing). Weights, batch-norm scales, shifts and
 * running averages are all randomised, so that a wrong padding, a swapped statistic or a misplaced
 * weight changes the logits.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type { io } from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import { DARTS_V2, buildNetwork, cifarLayout, createRng, exportModel, genotypeToArchitecture, imagenetLayout, networkWeights } from '../../src/index.js';
import type { ArchEdge, Architecture, CellBatchNorm, ChannelStats, MacroLayout, NetworkState, SkipConnectKind, TF } from '../../src/index.js';

/** One network to export. */
export interface ExportCase {
  readonly name: string;
  readonly layout: MacroLayout;
  readonly architecture: Architecture;
  /** The input normalisation built into the model, if any. */
  readonly normalise?: ChannelStats;
  /** [R]'s cells: non-affine batch norms, `skip_connect` as a batch norm of x. */
  readonly cellBatchNorm?: CellBatchNorm;
  readonly skipConnect?: SkipConnectKind;
}

function darts(layout: MacroLayout): Architecture {
  const arch = genotypeToArchitecture(DARTS_V2, layout);
  if (E.isLeft(arch)) throw new Error(arch.left.message);
  return arch.right;
}

/** Every operator of the table, several on one edge, on strided and unstrided edges; node 3 of cell 0 has only `none`. */
function goldCandidate(cells: number, reductions: readonly number[]): Architecture {
  const ops = ['sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_7x7', 'conv_7x1_1x7'];
  return {
    nodes: 3,
    cells: Array.from({ length: cells }, (_, i) => {
      const edges: ArchEdge[] = [];
      for (let to = 2; to < 5; to++) {
        for (let from = 0; from < to; from++) {
          // A varying subset of two to four operators per edge.
          const k = (i * 7 + to * 3 + from) % ops.length;
          const count = 2 + ((i + to + from) % 3);
          for (let j = 0; j < count; j++) edges.push({ op: ops[(k + j * 2) % ops.length]!, from, to });
        }
      }
      const filtered = i === 0 ? [...edges.filter((e) => e.to !== 3), { op: 'none', from: 1, to: 3 }] : edges;
      return { reduction: reductions.includes(i), edges: filtered };
    }),
  };
}

/**
 * Nodes that are other nodes: node 3 is `skip_connect` of node 2, so node 4 adds node 2 twice and the
 * cell output concatenates it twice (the smallest MNIST quick-start candidate has such cells).
 */
function aliasedNodes(cells: number, reductions: readonly number[]): Architecture {
  const skip = (from: number, to: number): ArchEdge => ({ op: 'skip_connect', from, to });
  const edges: ArchEdge[] = [
    skip(0, 2), { op: 'sep_conv_3x3', from: 1, to: 2 }, skip(1, 2),
    skip(2, 3), skip(2, 4), skip(3, 4), skip(2, 5), skip(3, 5), skip(4, 5),
  ];
  return { nodes: 4, cells: Array.from({ length: cells }, (_, i) => ({ reduction: reductions.includes(i), edges })) };
}

/** The cases. Sizes: DARTS_V2 32 → 16 → 8 (even); GOLD 14 → 7 → 4 (odd reductions, FactorizedReduce on 7 in cell 3's preprocessing). */
export const EXPORT_CASES: readonly ExportCase[] = [
  { name: 'DARTS_V2, CIFAR, C=8, 5 cells', layout: cifarLayout({ channels: 8, cells: 5 }), architecture: darts(cifarLayout({ channels: 8, cells: 5 })) },
  {
    name: 'GOLD candidate, every operator, several per edge, 14x14x2 input (odd sizes), normalised input',
    layout: cifarLayout({ channels: 6, cells: 4, nodes: 3, inputSize: 14, inputChannels: 2, classes: 5 }),
    architecture: goldCandidate(4, [1, 2]),
    normalise: { mean: [0.3, -0.2], std: [0.5, 1.7] },
  },
  {
    name: 'nodes that are other nodes through skip_connect (one tensor twice in an Add and a Concatenate)',
    layout: cifarLayout({ channels: 4, cells: 3, inputSize: 12, classes: 3 }),
    architecture: aliasedNodes(3, [1, 2]),
  },
  {
    name: "[R]'s cells: non-affine cell batch norms and skip_connect as a batch norm of x, on the GOLD candidate",
    layout: cifarLayout({ channels: 6, cells: 4, nodes: 3, inputSize: 14, inputChannels: 2, classes: 5 }),
    architecture: goldCandidate(4, [1, 2]),
    cellBatchNorm: 'none',
    skipConnect: 'batch-norm',
  },
  {
    name: 'DARTS_V2, ImageNet layout (two stems, FactorizedReduce in cell 0), C=8, 3 cells',
    layout: imagenetLayout({ channels: 8, cells: 3, inputSize: 32, classes: 7 }),
    architecture: darts(imagenetLayout({ channels: 8, cells: 3, inputSize: 32, classes: 7 })),
  },
];

/**
 * Builds a case's network with seeded weights, then randomises every batch norm's scale, shift and
 * running averages (a fresh network has 1, 0, 0 and 1, which would hide a swapped or missing one).
 */
export function buildCaseNetwork(tf: TF, c: ExportCase, seed = 1): NetworkState {
  const built = buildNetwork(tf, {
    architecture: c.architecture, layout: c.layout, seed,
    ...(c.cellBatchNorm ? { cellBatchNorm: c.cellBatchNorm } : {}), ...(c.skipConnect ? { skipConnect: c.skipConnect } : {}),
  });
  if (E.isLeft(built)) throw new Error(`${built.left.path}: ${built.left.message}`);
  const net = built.right;
  const rng = createRng(seed + 100);
  const draw = (n: number, f: () => number): Float32Array => Float32Array.from({ length: n }, f);
  for (const v of [...net.variables, ...net.buffers]) {
    const n = v.variable.size;
    let values: Float32Array | null = null;
    if (v.name.endsWith('.running_mean')) values = draw(n, () => 0.3 * rng.normal());
    else if (v.name.endsWith('.running_var')) values = draw(n, () => 0.5 + 1.5 * rng.next());
    else if (v.variable.rank === 1 && v.name.endsWith('.weight')) values = draw(n, () => 0.5 + rng.next());
    else if (v.variable.rank === 1 && v.name.endsWith('.bias')) values = draw(n, () => 0.3 * rng.normal());
    if (values !== null) {
      const t = tf.tensor(values, v.variable.shape);
      v.variable.assign(t);
      t.dispose();
    }
  }
  return net;
}

/** A seeded batch of inputs for a case (raw pixels around the normalisation's mean when it has one). */
export function caseInput(tf: TF, c: ExportCase, n = 3, seed = 7): tfc.Tensor4D {
  const rng = createRng(seed);
  const { inputSize: s, inputChannels: ch } = c.layout;
  const values = Float32Array.from({ length: n * s * s * ch }, (_, i) => {
    const k = i % ch;
    return c.normalise === undefined ? rng.normal() : c.normalise.mean[k]! + c.normalise.std[k]! * rng.normal();
  });
  return tf.tensor4d(values, [n, s, s, ch]);
}

/** The largest absolute difference between two arrays of the same length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/** A case's network on the active backend: its inputs, its inference logits, and its exported artifacts. */
export interface ExportedCase {
  /** Raw inputs (the exported model normalises them itself when the case has a normalisation). */
  readonly x: tfc.Tensor4D;
  /** `net.forward(normalised x, { training: false })` logits. */
  readonly expected: Float32Array;
  readonly artifacts: io.ModelArtifacts;
  /** Frees the network and the inputs. */
  readonly dispose: () => void;
}

/** Builds a case's network, computes its reference logits and exports it. */
export async function exportCase(tf: TF, c: ExportCase): Promise<ExportedCase> {
  const net = buildCaseNetwork(tf, c);
  const x = caseInput(tf, c);
  const normalise = c.normalise;
  const logits = tf.tidy(() => net.forward(normalise === undefined ? x : tf.div(tf.sub(x, normalise.mean), normalise.std), { training: false }).logits);
  const expected = (await logits.data()) as Float32Array;
  logits.dispose();
  const artifacts = exportModel(await networkWeights(net, normalise ? { normalise } : {}));
  if (E.isLeft(artifacts)) throw new Error(`${artifacts.left.path}: ${artifacts.left.message}`);
  return { x, expected, artifacts: artifacts.right, dispose: () => { x.dispose(); net.dispose(); } };
}
