/**
 * How a report draws operators: a short label and a colour per operator name, the same in the
 * cell diagrams, the heat maps and the legends.
 *
 * @module
 */

/** A categorical palette (Tableau 10, colour-blind friendlier order) for operators. */
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Fixed colours for the operators of the GOLD and DARTS sets, so every report agrees. */
const KNOWN: Readonly<Record<string, string>> = {
  skip_connect: '#4e79a7',
  sep_conv_3x3: '#f28e2b',
  sep_conv_5x5: '#e15759',
  sep_conv_7x7: '#9c755f',
  dil_conv_3x3: '#59a14f',
  dil_conv_5x5: '#76b7b2',
  max_pool_3x3: '#b07aa1',
  avg_pool_3x3: '#edc948',
  conv_7x1_1x7: '#ff9da7',
  none: '#bab0ac',
};

/** Short labels for the common operators (`sep_conv_3x3` → `sep3`). */
const SHORT: Readonly<Record<string, string>> = {
  skip_connect: 'skip',
  sep_conv_3x3: 'sep3',
  sep_conv_5x5: 'sep5',
  sep_conv_7x7: 'sep7',
  dil_conv_3x3: 'dil3',
  dil_conv_5x5: 'dil5',
  max_pool_3x3: 'max3',
  avg_pool_3x3: 'avg3',
  conv_7x1_1x7: 'conv7x1',
  none: 'none',
};

/**
 * The look of one operator in a report.
 *
 * @since 0.1.0
 */
export interface OperatorStyle {
  readonly op: string;
  /** A short label for tight spaces (`sep3`). */
  readonly short: string;
  /** A CSS colour. */
  readonly color: string;
}

/**
 * The style of each operator of a space, in the given order. Known operators keep fixed colours;
 * others take the remaining palette colours in order.
 *
 * @param operators - the space's candidate operators.
 * @returns one style per operator, in the same order.
 *
 * @example
 * ```ts
 * import { operatorStyles } from 'gold-nas/report';
 * operatorStyles(['skip_connect', 'sep_conv_3x3']).map((s) => s.short); // ['skip', 'sep3']
 * ```
 * @since 0.1.0
 */
export function operatorStyles(operators: readonly string[]): readonly OperatorStyle[] {
  const used = new Set(operators.map((op) => KNOWN[op]).filter((c) => c !== undefined));
  const spare = PALETTE.filter((c) => !used.has(c));
  let next = 0;
  return operators.map((op) => {
    const color = KNOWN[op] ?? spare[next++ % Math.max(1, spare.length)] ?? PALETTE[0]!;
    return { op, short: SHORT[op] ?? op, color };
  });
}
