/**
 * The operator table: DARTS operators as data, each a function from its context to a chain of
 * {@link Layer}s. Extend it by spreading: `{ ...OPERATORS, my_op: { name: 'my_op', description, layers } }`.
 *
 * @module
 */
import type { Layer } from './layers.js';

/**
 * What an operator is built for: the edge's channel count and stride, and which network.
 *
 * @since 0.1.0
 */
export interface OperatorContext {
  /** Channels in and out (every cell operator maps C to C). */
  readonly channels: number;
  /** 2 on the edges from a reduction cell's two inputs, 1 elsewhere. */
  readonly stride: 1 | 2;
  /** Whether batch norms have a learnable scale and shift (off in the search network, on in the evaluation network). */
  readonly affine: boolean;
  /** True in the super-network: DARTS appends a non-affine batch norm to pooling operators there. */
  readonly search: boolean;
}

/**
 * One candidate operator: a name and the layer chain it stands for.
 *
 * @example
 * ```ts
 * import type { OperatorDef } from 'gold-nas';
 * const conv1x1: OperatorDef = {
 *   name: 'conv_1x1',
 *   description: 'ReLU, 1x1 conv, BN',
 *   layers: ({ channels: c, stride, affine }) => [
 *     { kind: 'relu' },
 *     { kind: 'conv', inC: c, outC: c, kernel: [1, 1], stride: [stride, stride], pad: [0, 0], dilation: 1, depthwise: false },
 *     { kind: 'bn', channels: c, affine },
 *   ],
 * };
 * ```
 * @since 0.1.0
 */
export interface OperatorDef {
  /** The name used in architectures and genotypes. */
  readonly name: string;
  /** One line saying what it computes. */
  readonly description: string;
  /** The layer chain for a given context. */
  readonly layers: (ctx: OperatorContext) => readonly Layer[];
  /**
   * Whether drop-path applies to it in re-training. Default: every operator but a plain identity
   * (DARTS: `if not isinstance(op, Identity)`). [R]'s `skip_connect` is a batch norm yet exempt.
   */
  readonly dropPath?: (ctx: OperatorContext) => boolean;
}

/**
 * A table of operators by name. It is a plain value: copy and extend it to add your own.
 *
 * @since 0.1.0
 */
export type OperatorTable = Readonly<Record<string, OperatorDef>>;

const relu: Layer = { kind: 'relu' };

function depthwise(c: number, k: number, stride: number, pad: number, dilation: number): Layer {
  return { kind: 'conv', inC: c, outC: c, kernel: [k, k], stride: [stride, stride], pad: [pad, pad], dilation, depthwise: true };
}

function pointwise(c: number): Layer {
  return { kind: 'conv', inC: c, outC: c, kernel: [1, 1], stride: [1, 1], pad: [0, 0], dilation: 1, depthwise: false };
}

/**
 * DARTS `SepConv`: (ReLU, depthwise k×k with the edge's stride, pointwise 1×1, BN), then the
 * same again with stride 1.
 */
function sepConv(k: number): OperatorDef['layers'] {
  const pad = (k - 1) / 2;
  return ({ channels: c, stride, affine }) => [
    relu, depthwise(c, k, stride, pad, 1), pointwise(c), { kind: 'bn', channels: c, affine },
    relu, depthwise(c, k, 1, pad, 1), pointwise(c), { kind: 'bn', channels: c, affine },
  ];
}

/** DARTS `DilConv`: ReLU, depthwise k×k with dilation 2, pointwise 1×1, BN. */
function dilConv(k: number): OperatorDef['layers'] {
  const pad = k - 1; // dilation 2: 2·(k−1)/2
  return ({ channels: c, stride, affine }) => [relu, depthwise(c, k, stride, pad, 2), pointwise(c), { kind: 'bn', channels: c, affine }];
}

/** DARTS pooling; the search network appends a non-affine BN. */
function pool(kind: 'max' | 'avg'): OperatorDef['layers'] {
  return ({ channels: c, stride, search }) => {
    const p: Layer = { kind: 'pool', pool: kind, size: 3, stride, pad: 1 };
    return search ? [p, { kind: 'bn', channels: c, affine: false }] : [p];
  };
}

/**
 * The DARTS operators (`none`, `skip_connect`, `sep_conv_3x3`, `sep_conv_5x5`, `dil_conv_3x3`,
 * `dil_conv_5x5`, `max_pool_3x3`, `avg_pool_3x3`) plus `sep_conv_7x7` and `conv_7x1_1x7`, which
 * the published NASNet and AmoebaNet genotypes use. Semantics follow DARTS' `operations.py`.
 *
 * @example
 * ```ts
 * import { OPERATORS } from 'gold-nas';
 * OPERATORS.skip_connect!.layers({ channels: 16, stride: 2, affine: true, search: false });
 * // [{ kind: 'factorizedReduce', inC: 16, outC: 16, affine: true }]
 * ```
 * @since 0.1.0
 */
export const OPERATORS: OperatorTable = {
  none: { name: 'none', description: 'zero output (no connection)', layers: ({ stride }) => [{ kind: 'zero', stride }] },
  skip_connect: {
    name: 'skip_connect',
    description: 'identity; FactorizedReduce on a stride-2 edge',
    layers: ({ channels: c, stride, affine }) =>
      stride === 1 ? [{ kind: 'identity' }] : [{ kind: 'factorizedReduce', inC: c, outC: c, affine }],
  },
  sep_conv_3x3: { name: 'sep_conv_3x3', description: 'separable 3x3 convolution, applied twice', layers: sepConv(3) },
  sep_conv_5x5: { name: 'sep_conv_5x5', description: 'separable 5x5 convolution, applied twice', layers: sepConv(5) },
  sep_conv_7x7: { name: 'sep_conv_7x7', description: 'separable 7x7 convolution, applied twice', layers: sepConv(7) },
  dil_conv_3x3: { name: 'dil_conv_3x3', description: 'dilated (2) separable 3x3 convolution', layers: dilConv(3) },
  dil_conv_5x5: { name: 'dil_conv_5x5', description: 'dilated (2) separable 5x5 convolution', layers: dilConv(5) },
  max_pool_3x3: { name: 'max_pool_3x3', description: '3x3 max pooling', layers: pool('max') },
  avg_pool_3x3: { name: 'avg_pool_3x3', description: '3x3 average pooling, padding excluded', layers: pool('avg') },
  conv_7x1_1x7: {
    name: 'conv_7x1_1x7',
    description: 'ReLU, 1x7 then 7x1 convolution, BN',
    layers: ({ channels: c, stride, affine }) => [
      relu,
      { kind: 'conv', inC: c, outC: c, kernel: [1, 7], stride: [1, stride], pad: [0, 3], dilation: 1, depthwise: false },
      { kind: 'conv', inC: c, outC: c, kernel: [7, 1], stride: [stride, 1], pad: [3, 0], dilation: 1, depthwise: false },
      { kind: 'bn', channels: c, affine },
    ],
  },
};

/**
 * [R]'s `skip_connect`: a batch norm of x on a stride-1 edge (affine as the network's cell batch
 * norms: never in [R], whose cells are non-affine in search and re-training), FactorizedReduce on a
 * stride-2 edge, as in `cifar_search/operations.py` and `cifar_train/operations.py` (its `Identity`
 * class). Drop-path skips it at stride 1, as [R] skips `Identity`. Put it in a table with
 * {@link withSkipConnect}.
 *
 * @example
 * ```ts
 * import { SKIP_CONNECT_BATCH_NORM } from 'gold-nas';
 * SKIP_CONNECT_BATCH_NORM.layers({ channels: 16, stride: 1, affine: false, search: true }); // [{ kind: 'bn', channels: 16, affine: false }]
 * ```
 *
 * @since 0.2.0
 */
export const SKIP_CONNECT_BATCH_NORM: OperatorDef = {
  name: 'skip_connect',
  description: 'non-affine batch norm of x ([R]); FactorizedReduce on a stride-2 edge',
  layers: ({ channels: c, stride, affine }) =>
    stride === 1 ? [{ kind: 'bn', channels: c, affine }] : [{ kind: 'factorizedReduce', inC: c, outC: c, affine }],
  dropPath: ({ stride }) => stride === 2,
};

/**
 * What `skip_connect` computes on a stride-1 edge: the identity (DARTS) or a batch norm of x ([R]).
 *
 * @since 0.2.0
 */
export type SkipConnectKind = 'identity' | 'batch-norm';

/**
 * An operator table whose `skip_connect` is the given kind: the table itself for `identity`, and
 * the table with {@link SKIP_CONNECT_BATCH_NORM} in place of its `skip_connect` for `batch-norm`.
 *
 * @param table - the table.
 * @param kind - `identity` or `batch-norm`.
 * @returns the table to build, price and export networks with.
 *
 * @example
 * ```ts
 * import { withSkipConnect, OPERATORS } from 'gold-nas';
 * const r = withSkipConnect(OPERATORS, 'batch-norm');
 * r.skip_connect!.layers({ channels: 8, stride: 1, affine: false, search: false })[0]!.kind; // 'bn'
 * ```
 *
 * @since 0.2.0
 */
export function withSkipConnect(table: OperatorTable, kind: SkipConnectKind): OperatorTable {
  return kind === 'identity' ? table : { ...table, skip_connect: SKIP_CONNECT_BATCH_NORM };
}

/**
 * The eight DARTS search primitives, in DARTS' `PRIMITIVES` order.
 *
 * @since 0.1.0
 */
export const DARTS_PRIMITIVES: readonly string[] = [
  'none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5',
];

/**
 * The default GOLD-NAS operator set.
 *
 * @since 0.1.0
 */
export const GOLD_PRIMITIVES: readonly string[] = ['skip_connect', 'sep_conv_3x3'];
