/**
 * Where spec text came from: each loaded YAML file with its positions, and the path of a
 * node in it. Model elements keep a path, not a line, so a message can point at a key or at
 * a character inside an expression; these functions turn a path into file:line:col.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export interface Position {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export type PathSegment = string | number;

export interface LoadedFile {
  /** Path as shown in messages: relative to the working directory when possible. */
  readonly file: string;
  /** Stable name for generated output, whatever the working directory: "spec/handshake.yaml". */
  readonly name: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  /** The file's text, for positions inside multi-line scalars. */
  readonly text: string;
  /** The plain JavaScript value of the document. */
  readonly data: unknown;
}

/**
 * Position of the node at `path` (or of the nearest ancestor that exists). For a map entry,
 * pointing at the key reads better than pointing at its value, so `key: true` does that.
 */
export function positionOf(f: LoadedFile, path: readonly PathSegment[], opts: { key?: boolean } = {}): Position {
  for (let n = path.length; n >= 0; n--) {
    const node = nodeAt(f, path.slice(0, n), opts.key === true && n === path.length);
    if (node?.range) {
      const lp = f.lines.linePos(node.range[0]);
      return { file: f.file, line: lp.line, col: lp.col };
    }
  }
  return { file: f.file, line: 1, col: 1 };
}

/**
 * Position of a character inside a scalar (for an error inside an expression string). A
 * scalar may span lines: YAML turns each line break and the indentation after it into one
 * character of the value, so walk the source the same way. (Escapes inside double-quoted
 * scalars are not unfolded; expressions have no use for them.)
 */
export function positionInScalar(f: LoadedFile, path: readonly PathSegment[], offset: number): Position {
  const node = nodeAt(f, path, false);
  if (!node?.range || !isScalar(node)) return positionOf(f, path);
  const end = node.range[1];
  let i = node.range[0];
  if (node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL') {
    // Skip the header line (">-", "|") and the first line's indentation.
    while (i < end && f.text[i] !== '\n') i++;
    i = skipIndent(f.text, i + 1, end);
  } else if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
    i++;
  }
  for (let v = 0; v < offset && i < end; v++) i = f.text[i] === '\n' ? skipIndent(f.text, i + 1, end) : i + 1;
  const lp = f.lines.linePos(i);
  return { file: f.file, line: lp.line, col: lp.col };
}

function skipIndent(text: string, i: number, end: number): number {
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

function nodeAt(f: LoadedFile, path: readonly PathSegment[], wantKey: boolean): Node | null {
  let node: unknown = f.doc.contents;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) return null;
      node = wantKey && i === path.length - 1 ? pair.key : pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      return null;
    }
  }
  return (node as Node | null) ?? null;
}
