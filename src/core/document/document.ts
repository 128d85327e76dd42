import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import { msg, type Message } from "../messages/format";
import type { Result } from "../result";
import type { JsonPath } from "./diagnostics";

/** A span of the model file's text. */
export interface Range {
  readonly offset: number;
  readonly length: number;
}

/** A syntax error in the model file. */
export interface SyntaxProblem extends Range {
  readonly message: Message;
}

/** A model file's text, parsed tolerantly, with a way back from JSON paths to text ranges. */
export interface ParsedDocument {
  /** The JSON value as far as it could be read; `undefined` for an empty or unreadable text. */
  readonly value: unknown;
  /** Syntax errors; the value is then a best-effort reading. */
  readonly syntaxErrors: readonly SyntaxProblem[];
  /** Why the text was not read at all (nested too deeply); `value` is then `undefined`. */
  readonly unreadable?: SyntaxProblem;
  /** The range of the value at `path` (or its key), or of its nearest existing ancestor. */
  locate(path: JsonPath, key?: boolean): Range;
}

const options = { allowTrailingComma: true, disallowComments: false } as const;

/**
 * How deeply a JSON text CNN Designer reads may nest. A model file needs 6 levels and a Keras topology with
 * nested models a few dozen; the parsers and everything that walks a value recurse, so a text nested thousands
 * deep would overflow the stack.
 */
export const maxJsonDepth = 200;

/**
 * The offset where `text` nests deeper than `maxJsonDepth` (outside strings and comments), or -1. One pass,
 * no recursion, whatever the text.
 */
export function tooDeepAt(text: string, limit = maxJsonDepth): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22 || d === 0x0a) break;
      }
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/**
 * The syntax tree of a model file's text, as jsonc-parser builds it (comments and trailing commas allowed);
 * `undefined` for a text nested too deeply to walk.
 */
export function parseModelTree(text: string, errors: ParseError[] = []): Node | undefined {
  return tooDeepAt(text) >= 0 ? undefined : parseTree(text, errors, options);
}

/** A plain JSON text (a file to import) read as a value, or why it cannot be: not JSON, or nested too deeply. */
export function parseJsonText(text: string): Result<unknown> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (tooDeepAt(body) >= 0) return { ok: false, problem: msg("document.importTooDeep", { depth: maxJsonDepth }) };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    return { ok: false, problem: msg("document.notJson", { error: (e as Error).message }) };
  }
}

/** Why a text is refused before parsing: nested too deeply. */
export function tooDeepMessage(): Message {
  return msg("document.tooDeep", { depth: maxJsonDepth });
}

/**
 * Parses a model file. Strict JSON takes the fast path (`JSON.parse`, with the syntax tree built only
 * when a location is asked for); comments, trailing commas and half-typed text go through jsonc-parser.
 */
export function parseDocument(source: string): ParsedDocument {
  // A byte order mark (Windows Notepad writes one) is whitespace here, as in VS Code; a space keeps every offset.
  const text = source.charCodeAt(0) === 0xfeff ? ` ${source.slice(1)}` : source;
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    return {
      value: undefined,
      syntaxErrors: [],
      unreadable: { message: tooDeepMessage(), offset: deep, length: 1 },
      locate: () => ({ offset: deep, length: 1 }),
    };
  }
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

function describe(e: ParseError): Message {
  const name = printParseErrorCode(e.error);
  // Every name jsonc-parser prints has its message; the compiler checks the list against the catalogue.
  return name === "<unknown ParseErrorCode>" ? msg("syntax.InvalidSymbol") : msg(`syntax.${name}`);
}
