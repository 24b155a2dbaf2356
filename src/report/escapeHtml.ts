/**
 * Escaping text for HTML, shared by the report page and the cell diagrams' labels.
 *
 * @module
 */

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @param text - any text.
 * @returns the text with `& < > " '` escaped.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
