/**
 * Escapes text for XML / HTML, attribute values included.
 *
 * @example
 * escapeXml('fc1 <"dense">'); // "fc1 &lt;&quot;dense&quot;&gt;"
 */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}
