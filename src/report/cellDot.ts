/**
 * Cell diagrams as Graphviz DOT text: the two inputs c_{k-2} and c_{k-1}, the intermediate
 * nodes, one arrow per live operator labelled with it, and the concatenated output c_{k}.
 * Identical cells (always the case in `darts` mode) are grouped so each is drawn once.
 *
 * @module
 */
import type { Architecture, CellArchitecture } from '../space/architecture.js';
import { canonicalArchitecture } from '../space/canonicalArchitecture.js';
import type { OperatorStyle } from './operatorStyle.js';
import { operatorStyles } from './operatorStyle.js';
import { escapeHtml } from './escapeHtml.js';

/**
 * Cells with the same architecture, drawn once.
 *
 * @since 0.1.0
 */
export interface CellGroup {
  /** The cells' indices in the network, ascending. */
  readonly cells: readonly number[];
  readonly cell: CellArchitecture;
}

/**
 * Groups the cells of an architecture that are identical (same reduction flag, same live
 * operators on the same edges), in order of each group's first cell.
 *
 * @param architecture - the architecture.
 * @returns the groups; every cell index appears in exactly one.
 *
 * @example
 * ```ts
 * import { DARTS_V2, genotypeToArchitecture, cifarLayout } from 'gold-nas';
 * import { cellGroups } from 'gold-nas/report';
 * import * as E from 'fp-ts/lib/Either.js';
 * const arch = genotypeToArchitecture(DARTS_V2, cifarLayout({ cells: 8 }));
 * if (E.isRight(arch)) cellGroups(arch.right).length; // 2: the normal cell and the reduction cell
 * ```
 * @since 0.1.0
 */
export function cellGroups(architecture: Architecture): readonly CellGroup[] {
  const groups = new Map<string, { cells: number[]; cell: CellArchitecture }>();
  const canonical = canonicalArchitecture(architecture).cells;
  architecture.cells.forEach((cell, i) => {
    const key = JSON.stringify(canonical[i]);
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { cells: [i], cell });
    else g.cells.push(i);
  });
  return [...groups.values()];
}

/** Graphviz measures text with Helvetica metrics when the font name starts with it. */
const DIAGRAM_FONT = 'Helvetica,Arial,sans-serif';

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Options of {@link cellDot}.
 *
 * @since 0.1.0
 */
export interface CellDotOptions {
  /** The operator styles (default: `operatorStyles` of the operators that appear in the cell). */
  readonly styles?: readonly OperatorStyle[];
  /** Label arrows with the short operator names (`sep3`, the default) or the full ones. */
  readonly labels?: 'short' | 'full';
}

/**
 * Writes one cell as a left-to-right Graphviz digraph. Operators that share an edge share one arrow,
 * drawn as parallel strands in their colours and labelled `skip + sep3`.
 *
 * @param cell - the cell's live operators.
 * @param nodes - the number of intermediate nodes per cell.
 * @param options - operator styles and label form.
 * @returns DOT text for Graphviz (`dot` layout).
 *
 * @example
 * ```ts
 * import { cellDot } from 'gold-nas/report';
 * const dot = cellDot({ reduction: false, edges: [{ op: 'sep_conv_3x3', from: 0, to: 2 }, { op: 'skip_connect', from: 1, to: 2 }] }, 1);
 * // digraph cell { rankdir=LR; … s0 -> n2 [label="sep3", …]; … }
 * ```
 * @since 0.1.0
 */
export function cellDot(cell: CellArchitecture, nodes: number, options: CellDotOptions = {}): string {
  const styles = options.styles ?? operatorStyles([...new Set(cell.edges.map((e) => e.op))]);
  const byOp = new Map(styles.map((s) => [s.op, s]));
  const font = quote(DIAGRAM_FONT);
  const used = new Set(cell.edges.map((e) => e.from));
  const input = (state: 0 | 1): string => {
    const name = state === 0 ? 'k-2' : 'k-1';
    const look = used.has(state) ? 'fillcolor="#dcfce7", color="#22c55e"' : 'fillcolor="#f8fafc", color="#cbd5e1", fontcolor="#94a3b8", style="rounded,filled,dashed", tooltip="unused input"';
    return `  s${state} [label=<c<sub>${name}</sub>>, ${look}];`;
  };
  const lines = [
    'digraph cell {',
    '  rankdir=LR; bgcolor="transparent"; nodesep=0.15; ranksep=0.42; pad=0.08;',
    `  node [fontname=${font}, fontsize=10.5, shape=box, style="rounded,filled", color="#94a3b8", fillcolor="#f8fafc", fontcolor="#0f172a", penwidth=1, height=0.3, width=0.42, margin="0.06,0.02"];`,
    `  edge [fontname=${font}, fontsize=8.5, arrowsize=0.55, penwidth=1.3];`,
    input(0),
    input(1),
    '  { rank=source; s0; s1; s0 -> s1 [style=invis]; }',
  ];
  for (let j = 0; j < nodes; j++) lines.push(`  n${j + 2} [label="${j}", shape=circle, width=0.3, fixedsize=true, fillcolor="#dbeafe", color="#60a5fa"];`);
  lines.push('  out [label=<c<sub>k</sub>>, fillcolor="#fef3c7", color="#f59e0b"];', '  { rank=sink; out; }');
  // One arrow per (from, to) pair; several operators on it (GOLD keeps any subset) share it as parallel strands.
  const order = new Map(styles.map((st, i) => [st.op, i]));
  const pairs = new Map<string, { from: number; to: number; ops: string[] }>();
  for (const e of cell.edges) {
    const key = `${e.from}>${e.to}`;
    const pair = pairs.get(key) ?? { from: e.from, to: e.to, ops: [] };
    pair.ops.push(e.op);
    pairs.set(key, pair);
  }
  const sorted = [...pairs.values()].sort((a, b) => a.to - b.to || a.from - b.from);
  for (const { from, to, ops } of sorted) {
    ops.sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b));
    const colors = ops.map((op) => byOp.get(op)?.color ?? '#64748b');
    const names = ops.map((op) => (options.labels === 'full' ? op : (byOp.get(op)?.short ?? op)));
    const label = names.map((n, i) => `<font color="${colors[i]}">${escapeHtml(n)}</font>`).join(' + ');
    const source = from < 2 ? `s${from}` : `n${from}`;
    lines.push(`  ${source} -> n${to} [label=<${label}>, color=${quote(colors.join(':'))}, tooltip=${quote(ops.join(' + '))}];`);
  }
  // Keep the nodes in their order from left to right.
  for (let j = 0; j + 1 < nodes; j++) lines.push(`  n${j + 2} -> n${j + 3} [style=invis, weight=2];`);
  for (let j = 0; j < nodes; j++) lines.push(`  n${j + 2} -> out [color="#cbd5e1", style=dashed, arrowsize=0.5];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
