/**
 * The gates of one pruning round as a Vega-Lite heat map: one small panel per cell, rows are the
 * cell's edges (`k-2 → 0`, …), columns its candidate operators, colour the gate σ(α); pruned
 * operators are grey and crossed out.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SpaceConfig } from '../space/spaceConfig.js';
import { operatorSlots } from '../space/searchSpace.js';
import { OPERATORS } from '../space/operators.js';
import { reductionCells } from '../space/layout.js';
import { chartConfig } from './chartTheme.js';
import { operatorStyles } from './operatorStyle.js';
import type { RoundEvent } from './reportModel.js';

/**
 * The name of a cell state in DARTS numbering: `k-2` and `k-1` for the cell's inputs, then the
 * intermediate nodes `0`, `1`, ….
 *
 * @param state - 0, 1, or a node's state index (2 and up).
 * @returns the short name.
 */
export function stateName(state: number): string {
  return state === 0 ? 'k-2' : state === 1 ? 'k-1' : String(state - 2);
}

/**
 * Options of {@link gateHeatmapSpec}.
 *
 * @since 0.1.0
 */
export interface GateHeatmapOptions {
  /** Side of one heat-map square in pixels (default 15). */
  readonly cellSize?: number;
  /** Draw the colour legend (default true). */
  readonly legend?: boolean;
  /** A title above the panels. */
  readonly title?: string;
}

/**
 * Builds the heat map of one round's gates. The round's `gates` list one value per operator slot
 * (`operatorSlots` order), with 0 for pruned slots. Sigmoid gates (a `gold` space) are coloured on
 * 0–1; softmax weights (a `darts` space) from the round's smallest to its largest.
 *
 * @param space - the run's space (mode, layout, operators).
 * @param round - the round event.
 * @param options - square size, legend, title.
 * @returns a Vega-Lite spec with its data inline.
 *
 * @example
 * ```ts
 * import { SEARCH_PRESETS } from 'gold-nas';
 * import { gateHeatmapSpec } from 'gold-nas/report';
 * import type { RoundEvent } from 'gold-nas/report';
 * declare const round: RoundEvent;
 * const spec = gateHeatmapSpec(SEARCH_PRESETS['mnist-quick'].space, round);
 * ```
 * @since 0.1.0
 */
export function gateHeatmapSpec(space: SpaceConfig, round: RoundEvent, options: GateHeatmapOptions = {}): TopLevelSpec {
  const size = options.cellSize ?? 15;
  const softmax = space.mode === 'darts';
  const slots = operatorSlots({ ...space, table: OPERATORS });
  const reductions = new Set(reductionCells(space.layout.cells));
  const styles = operatorStyles(space.operators);
  const rows = slots.map((s) => {
    const gate = round.gates[s.index] ?? 0;
    return {
      cell: s.cell,
      cellLabel: reductions.has(s.cell) ? `cell ${s.cell} ▾` : `cell ${s.cell}`,
      edge: s.edge,
      edgeLabel: `${stateName(s.from)} → ${stateName(s.to)}`,
      opIndex: s.opIndex,
      op: styles[s.opIndex]?.short ?? s.op,
      fullOp: s.op,
      gate,
      pruned: gate === 0,
    };
  });
  const edges = [...new Map(rows.map((r) => [r.edge, r.edgeLabel])).entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
  const ops = styles.map((s) => s.short);
  const cellLabels = [...new Map(rows.map((r) => [r.cell, r.cellLabel])).entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
  const x = { field: 'op', type: 'ordinal', title: null, sort: ops, axis: { labelAngle: -50, labelFontSize: 10, domain: false, ticks: false, labelPadding: 3 } } as const;
  const y = { field: 'edgeLabel', type: 'ordinal', title: null, sort: edges, axis: { labelFontSize: 10, domain: false, ticks: false, labelPadding: 4 } } as const;
  return {
    config: { ...chartConfig(), header: { ...chartConfig().header, labelFontSize: 10, labelPadding: 4 }, facet: { spacing: 10 } },
    ...(options.title !== undefined ? { title: options.title } : {}),
    data: { values: rows },
    facet: { column: { field: 'cellLabel', type: 'ordinal', title: null, sort: cellLabels, header: { labelOrient: 'top' } } },
    spec: {
      width: { step: size },
      height: { step: size },
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
          encoding: {
            x,
            y,
            color: {
              condition: { test: 'datum.pruned', value: '#e2e8f0' },
              field: 'gate',
              type: 'quantitative',
              // A softmax over an edge's 8 operators stays near 1/8 (α moves slowly): on a 0–1 scale, or
              // even from 0, every square would look alike; the round's own range shows the ranking.
              title: softmax ? 'softmax(α)' : 'gate σ(α)',
              scale: softmax ? { zero: false, scheme: 'viridis' } : { domain: [0, 1], scheme: 'viridis' },
              legend: options.legend === false ? null : { orient: 'right', gradientLength: 120, gradientThickness: 10, ...(softmax ? {} : { values: [0, 0.5, 1] }) },
            },
            tooltip: [{ field: 'cellLabel', title: 'cell' }, { field: 'edgeLabel', title: 'edge' }, { field: 'fullOp', title: 'operator' }, { field: 'gate', format: '.4f' }, { field: 'pruned' }],
          },
        },
        {
          transform: [{ filter: 'datum.pruned' }],
          mark: { type: 'text', text: '×', fontSize: size - 2, color: '#94a3b8', baseline: 'middle' },
          encoding: { x, y },
        },
      ],
    },
  };
}
