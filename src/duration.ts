/**
 * Durations in words, for the command line and the study's tables (pure: no Node API).
 *
 * @module
 */

/**
 * Formats seconds as `1h02m`, `4m05s` or `12s`.
 *
 * @param seconds - a duration.
 * @returns a short human form.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
