/**
 * Rendering report figures to SVG text in Node, with no browser and no canvas: Vega-Lite specs
 * are compiled to Vega and rendered by a headless Vega view; DOT text is laid out by Graphviz
 * compiled to WebAssembly (`@viz-js/viz`). Node-only (exported from `gold-nas/report`).
 *
 * @module
 */
import { instance } from '@viz-js/viz';
import type { Viz } from '@viz-js/viz';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/**
 * What went to Vega's and Vega-Lite's loggers while rendering (warnings mean a spec needs fixing).
 *
 * @since 0.1.0
 */
export interface RenderLog {
  readonly warnings: string[];
}

function collectingLogger(log: RenderLog): vega.LoggerInterface {
  let level = vega.Warn;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: readonly unknown[]) {
      log.warnings.push(`error: ${args.map(String).join(' ')}`);
      return logger;
    },
    warn(...args: readonly unknown[]) {
      const message = args.map(String).join(' ');
      // An empty series (no events, no candidates yet): the chart is drawn empty, and the report says why.
      if (!message.startsWith('Infinite extent for field')) log.warnings.push(message);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger as vega.LoggerInterface;
}

/**
 * Renders a Vega-Lite spec (with inline data) to an SVG string.
 *
 * @param spec - the Vega-Lite spec.
 * @param log - receives Vega-Lite's and Vega's warnings (default: dropped).
 * @returns the SVG markup (`<svg …>…</svg>`).
 *
 * @example
 * ```ts
 * import { renderVegaLiteSvg } from 'gold-nas/report';
 * const svg = await renderVegaLiteSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } });
 * ```
 * @since 0.1.0
 */
export async function renderVegaLiteSvg(spec: TopLevelSpec, log: RenderLog = { warnings: [] }): Promise<string> {
  const logger = collectingLogger(log);
  const compiled = compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Loads Graphviz (WebAssembly, bundled in `@viz-js/viz`: no download, no native code). Reuse the
 * instance for many graphs.
 *
 * @returns the Graphviz instance.
 *
 * @example
 * ```ts
 * import { loadGraphviz, renderDotSvg } from 'gold-nas/report';
 * const viz = await loadGraphviz();
 * const svg = renderDotSvg(viz, 'digraph { a -> b }');
 * ```
 * @since 0.1.0
 */
export function loadGraphviz(): Promise<Viz> {
  return instance();
}

/**
 * Lays out DOT text with Graphviz's `dot` engine and returns inline-ready SVG (no XML prolog,
 * doctype or comments).
 *
 * @param viz - a Graphviz instance from {@link loadGraphviz}.
 * @param dot - the graph.
 * @returns the SVG markup.
 * @throws Error when Graphviz cannot lay out `dot` (malformed DOT; `cellDot`'s output always lays out).
 *
 * @example
 * ```ts
 * import { cellDot, loadGraphviz, renderDotSvg } from 'gold-nas/report';
 * const viz = await loadGraphviz();
 * const svg = renderDotSvg(viz, cellDot({ reduction: false, edges: [{ op: 'skip_connect', from: 0, to: 2 }] }, 1));
 * ```
 * @since 0.1.0
 */
export function renderDotSvg(viz: Viz, dot: string): string {
  const result = viz.render(dot, { format: 'svg', engine: 'dot' });
  if (result.status !== 'success') {
    throw new Error(`Graphviz could not lay out a report diagram: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  const svg = result.output;
  const start = svg.indexOf('<svg');
  return svg.slice(start).replace(/<!--[\s\S]*?-->\n?/g, '').trim();
}

/**
 * Makes the `id`s of an SVG unique within a page: every `id="x"` becomes `id="<prefix>-x"`, and
 * every reference to it (`url(#x)`, `href="#x"`) follows. Inline SVGs share one id space, and
 * renderers number their clip paths and gradients from the same start.
 *
 * @param svg - the SVG markup.
 * @param prefix - a prefix unique to this figure (letters, digits, `-`).
 * @returns the SVG with scoped ids.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const ids = new Set<string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) ids.add(m[1]!);
  if (ids.size === 0) return svg;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_m, a: string, id: string, b: string) => `${a}${prefix}-${id}${b}`)
    .replace(/url\(#([^)]+)\)/g, (m, id: string) => (ids.has(id) ? `url(#${prefix}-${id})` : m))
    .replace(/(href=")#([^"]+)(")/g, (m, a: string, id: string, b: string) => (ids.has(id) ? `${a}#${prefix}-${id}${b}` : m));
}
