/**
 * SVG from DOT text, by Graphviz compiled to WebAssembly (@viz-js/viz): no system Graphviz needed.
 */
import { instance } from '@viz-js/viz';

/** Render DOT as SVG. Throws when Graphviz reports an error or a warning: our DOT should have neither. */
export async function dotToSvg(dot: string): Promise<string> {
  const viz = await instance();
  const result = viz.render(dot, { format: 'svg' });
  const problems = result.errors.map((e) => `${e.level ?? 'error'}: ${e.message.trim()}`);
  if (result.status !== 'success' || problems.length > 0) {
    throw new Error(`Graphviz could not render the state graph: ${problems.join('; ') || result.status}`);
  }
  return result.output;
}
