import type { Message, MessageArg, MessageId } from "../messages/format";

/** Severity of a diagnostic, as editors show it. */
export type Severity = "error" | "warning" | "info";

/** Stable identifiers of diagnostic kinds, for quick fixes and tests. */
export type DiagnosticCode =
  | "syntax"
  | "unreadable"
  | "internal"
  | "root"
  | "version"
  | "unknown-property"
  | "missing-property"
  | "wrong-type"
  | "out-of-range"
  | "too-large"
  | "unknown-type"
  | "unknown-parameter"
  | "missing-parameter"
  | "invalid-parameter"
  | "invalid-name"
  | "duplicate-name"
  | "unknown-input"
  | "no-input"
  | "no-layers"
  | "input-count"
  | "cycle"
  | "unreachable"
  | "rank"
  | "shape-collapse"
  | "incompatible-shapes"
  | "undefined-dimension"
  | "dense-rank"
  | "receptive-field"
  | "memory";

/** A user mistake, located in the model file's text. */
export interface Diagnostic {
  /** How serious it is: errors block training and export. */
  readonly severity: Severity;
  /** Kind of mistake. */
  readonly code: DiagnosticCode;
  /** What is wrong, naming the layer and the numbers, in the language `analyze` was given. */
  readonly message: string;
  /** The message's id in the catalogue, for an edge that writes it in another language (`formatMessage`). */
  readonly id: MessageId;
  /** The message's arguments. */
  readonly args: Readonly<Record<string, MessageArg>>;
  /** Offset of the offending text (UTF-16 code units). */
  readonly offset: number;
  /** Length of the offending text. */
  readonly length: number;
  /** Resolved name of the layer concerned, if any. */
  readonly layer?: string;
  /** Index of that layer in `layers`. */
  readonly layerIndex?: number;
  /** A did-you-mean replacement for the offending text, for quick fixes. */
  readonly suggestion?: string;
  /** The JSON path of the offending value (absent for syntax errors). */
  readonly path?: JsonPath;
  /** Other places the mistake involves (the other layers of a cycle), each with a few words. */
  readonly related?: readonly RelatedPlace[];
}

/** Another place a diagnostic involves. */
export interface RelatedPlace {
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

/** A path into the JSON document, as jsonc-parser uses. */
export type JsonPath = readonly (string | number)[];

/** A diagnostic whose location is still a JSON path; resolved to offsets once analysis is done. */
export interface PendingDiagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: Message;
  /** Where: a path into the document. */
  readonly path: JsonPath;
  /** Which part: the value (default), the property's key, or just the first character of the value. */
  readonly anchor?: "value" | "key" | "start";
  readonly layerIndex?: number;
  readonly suggestion?: string;
  /** Other places the mistake involves, located as `path` is. */
  readonly related?: readonly { readonly path: JsonPath; readonly message: Message }[];
}

/** 1-based line and column of an offset. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Maps offsets to 1-based lines and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];

  /** Lines end as in VS Code: at LF, CRLF, or a lone CR (as classic Mac OS wrote them). */
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  /** The line and column of `offset`. */
  positionAt(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}
