/**
 * Text formatting for readable (non-JSON) output: the command line's, and the text files of a run
 * directory. Internal (not exported): its cases are in test/node/format.test.ts.
 *
 * @module
 * @internal
 */

/**
 * An integer with thousands separators: `3349342` → `3,349,342`.
 *
 * @param n - the number (rounded to an integer).
 * @returns the grouped digits.
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
 */
export function shortNumber(n: number): string {
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, unit] of units) if (Math.abs(n) >= scale) return `${(n / scale).toPrecision(3)}${unit}`;
  return String(n);
}

/**
 * A fraction as a percentage with two decimals: `0.98765` → `98.77%`; `null` or `undefined` → `–`.
 *
 * @param x - the fraction.
 * @returns the percentage.
 */
export function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? '–' : `${(x * 100).toFixed(2)}%`;
}

/**
 * FLOPs in millions with two decimals, without the unit: `21034496` → `21.03`. gold-nas counts
 * FLOPs as the paper does, in multiply-adds; say so next to the figure ({@link FLOPS_COLUMN}).
 *
 * @param flops - the FLOPs (multiply-adds).
 * @returns millions of them.
 */
export function mflops(flops: number): string {
  return (flops / 1e6).toFixed(2);
}

/** The column title of FLOPs in millions in every table gold-nas prints. */
export const FLOPS_COLUMN = 'FLOPs (M mult-adds)';

/** The unit after a figure in millions in running text: `14.36M multiply-adds`. */
export function mflopsText(flops: number): string {
  return `${mflops(flops)}M multiply-adds`;
}

/**
 * Renders rows as an aligned text table: text columns left-aligned, numeric columns right-aligned.
 *
 * @param header - the column titles.
 * @param rows - the cells, one array per row; numbers are grouped with {@link groupDigits}.
 * @returns the table, one line per row plus the header, ending with a newline.
 */
export function textTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? groupDigits(c) : c)));
  const numeric = header.map((_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number'));
  const widths = header.map((h, j) => Math.max(h.length, ...cells.map((r) => (r[j] ?? '').length)));
  const line = (r: readonly string[]) =>
    r.map((c, j) => (numeric[j] ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ').trimEnd();
  return `${[line(header), ...cells.map(line)].join('\n')}\n`;
}
