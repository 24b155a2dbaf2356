/**
 * Text formatting for the command line's readable (non-JSON) output.
 *
 * @module
 * @internal
 */

/**
 * An integer with thousands separators: `3349342` → `3,349,342`.
 *
 * @param n - the number (rounded to an integer).
 * @returns the grouped digits.
 *
 * @example
 * ```ts
 * import { groupDigits } from './format.js';
 * groupDigits(528359040); // '528,359,040'
 * ```
 */
export function groupDigits(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + Math.round(Math.abs(n)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A number in engineering units with three significant digits: `3349342` → `3.35M`.
 *
 * @param n - the number.
 * @returns the short form (`k`, `M`, `G`, `T`).
 *
 * @example
 * ```ts
 * import { shortNumber } from './format.js';
 * shortNumber(1056718080); // '1.06G'
 * ```
 */
export function shortNumber(n: number): string {
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, unit] of units) if (Math.abs(n) >= scale) return `${(n / scale).toPrecision(3)}${unit}`;
  return String(n);
}

/**
 * Renders rows as an aligned text table: text columns left-aligned, numeric columns right-aligned.
 *
 * @param header - the column titles.
 * @param rows - the cells, one array per row; numbers are grouped with {@link groupDigits}.
 * @returns the table, one line per row plus the header, ending with a newline.
 *
 * @example
 * ```ts
 * import { textTable } from './format.js';
 * textTable(['cell', 'params'], [[0, 18612], [1, 18612]]);
 * ```
 */
export function textTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? groupDigits(c) : c)));
  const numeric = header.map((_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number'));
  const widths = header.map((h, j) => Math.max(h.length, ...cells.map((r) => (r[j] ?? '').length)));
  const line = (r: readonly string[]) =>
    r.map((c, j) => (numeric[j] ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ').trimEnd();
  return `${[line(header), ...cells.map(line)].join('\n')}\n`;
}
