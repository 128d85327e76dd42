import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import type { JsonPath } from "./diagnostics";

/** A span of the model file's text. */
export interface Range {
  readonly offset: number;
  readonly length: number;
}

/** A syntax error in the model file. */
export interface SyntaxProblem extends Range {
  readonly message: string;
}

/** A model file's text, parsed tolerantly, with a way back from JSON paths to text ranges. */
export interface ParsedDocument {
  /** The JSON value as far as it could be read; `undefined` for an empty or unreadable text. */
  readonly value: unknown;
  /** Syntax errors; the value is then a best-effort reading. */
  readonly syntaxErrors: readonly SyntaxProblem[];
  /** The range of the value at `path` (or its key), or of its nearest existing ancestor. */
  locate(path: JsonPath, key?: boolean): Range;
}

const options = { allowTrailingComma: true, disallowComments: false } as const;

/**
 * Parses a model file. Strict JSON takes the fast path (`JSON.parse`, with the syntax tree built only
 * when a location is asked for); comments, trailing commas and half-typed text go through jsonc-parser.
 */
export function parseDocument(text: string): ParsedDocument {
  let tree: Node | undefined;
  let built = false;
  const getTree = (): Node | undefined => {
    if (!built) {
      tree = parseTree(text, [], options);
      built = true;
    }
    return tree;
  };
  let value: unknown;
  const syntaxErrors: SyntaxProblem[] = [];
  try {
    value = JSON.parse(text);
  } catch {
    const errors: ParseError[] = [];
    tree = parseTree(text, errors, options);
    built = true;
    value = tree ? getNodeValue(tree) : undefined;
    for (const e of errors) {
      syntaxErrors.push({ message: describe(e), offset: e.offset, length: e.length });
    }
  }
  return {
    value,
    syntaxErrors,
    locate(path, key = false) {
      const root = getTree();
      if (!root) return { offset: 0, length: text.length };
      for (let n = path.length; n >= 0; n--) {
        const node = findNodeAtLocation(root, path.slice(0, n) as (string | number)[]);
        if (!node) continue;
        const target = key && n === path.length && node.parent?.type === "property" ? node.parent.children?.[0] : node;
        if (target) return { offset: target.offset, length: target.length };
      }
      return { offset: root.offset, length: root.length };
    },
  };
}

function describe(e: ParseError): string {
  const code = printParseErrorCode(e.error);
  const words = code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return `JSON syntax: ${words}`;
}
