/**
 * The extension's own texts in English and Spanish, the host's (src/extension) and the webviews' (webview/): every
 * `t("…")` (and the webviews' `th`, for markup) has its Spanish in l10n/bundle.l10n.es.json, with the same
 * placeholders; the bundle holds nothing the source no longer says; and the texts of pickers, input boxes, dialogs,
 * progress, the status bar, tree items and the webviews' elements (their text, titles, labels and markup) go
 * through `t` (notifications must: their type says so). Read from the source with TypeScript's parser.
 */
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as ts from "typescript";
import { words } from "../helpers/sourceWords";

const root = join(__dirname, "..", "..", "..");
const spanish = JSON.parse(readFileSync(join(root, "l10n", "bundle.l10n.es.json"), "utf8")) as Record<string, string>;

/** The .ts files under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Properties whose text VS Code shows: quick picks' and input boxes' (title, placeHolder, prompt, items), dialogs'. */
const shownProperties = new Set([
  "title",
  "placeHolder",
  "prompt",
  "label",
  "detail",
  "description",
  "openLabel",
  "saveLabel",
  "tooltip",
  "message",
]);
/** Besides: a status bar item's, a tree item's and an element's texts set by assignment, and Markdown appended to hovers. */
const shownAssignments = new Set([...shownProperties, "text", "textContent", "innerHTML", "placeholder"]);
const shownCalls = new Set(["appendMarkdown", "appendText"]);
/** The attributes of an element that are read or shown. */
const shownAttributes = new Set(["aria-label", "title", "placeholder"]);

interface Found {
  /** Each `t` call's text, with where it is. */
  readonly texts: { text: string; at: string }[];
  /** `t` calls whose text is not a literal, and shown properties given a literal text. */
  readonly problems: string[];
}

function scan(): Found {
  const texts: Found["texts"] = [];
  const problems: string[] = [];
  for (const file of [...sources(join(root, "src", "extension")), ...sources(join(root, "webview"))]) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const at = (node: ts.Node) => `${relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    // (The l10n modules define t and th: their own calls pass the text on.)
    const defines = file.endsWith(`${"/"}l10n.ts`);
    const visit = (node: ts.Node): void => {
      if (!defines && ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ["t", "th"].includes(node.expression.text)) {
        const first = node.arguments[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)))
          texts.push({ text: first.text, at: at(node) });
        else problems.push(`${at(node)}: t() takes a literal English text`);
      }
      if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && shownProperties.has(node.name.text) && words(node.initializer))
        problems.push(`${at(node)}: ${node.name.text} is a literal, not t(…)`);
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(node.left) &&
        shownAssignments.has(node.left.name.text) &&
        words(node.right)
      )
        problems.push(`${at(node)}: ${node.left.name.text} is set to a literal, not t(…)`);
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        shownCalls.has(node.expression.name.text) &&
        node.arguments[0] &&
        words(node.arguments[0])
      )
        problems.push(`${at(node)}: ${node.expression.name.text} of a literal, not t(…)`);
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === "setAttribute" &&
        node.arguments.length === 2 &&
        ts.isStringLiteral(node.arguments[0]) &&
        shownAttributes.has(node.arguments[0].text) &&
        words(node.arguments[1])
      )
        problems.push(`${at(node)}: ${node.arguments[0].text} is a literal, not t(…)`);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { texts, problems };
}

const placeholders = (text: string) => [...text.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort();

describe("the extension's own texts in English and Spanish", () => {
  const found = scan();

  it("reads many texts from the source (the scan finds the t calls)", () => {
    assert.ok(found.texts.length > 100, `only ${found.texts.length} t() calls found`);
  });

  it("gives every picker, input box, dialog and progress text through t(), as a literal", () => {
    assert.deepEqual(found.problems, []);
  });

  it("has a Spanish text for every t() text, translated, with the same placeholders", () => {
    const missing = found.texts.filter(({ text }) => !Object.hasOwn(spanish, text)).map(({ text, at }) => `${at}: ${text}`);
    assert.deepEqual(missing, []);
    for (const { text, at } of found.texts) {
      const es = spanish[text];
      assert.deepEqual(placeholders(es), placeholders(text), `${at}: the placeholders of "${es}"`);
      // Texts that are the same in both languages: a number and a word Spanish shares.
      if (!["1 error", "Total", "{0} MACs", "{0}: {1}, {2}.", "Error: {0}"].includes(text))
        assert.notEqual(es, text, `${at}: "${text}" is not translated`);
    }
  });

  it("holds nothing in the Spanish bundle that the source no longer says", () => {
    const used = new Set(found.texts.map((f) => f.text));
    assert.deepEqual(
      Object.keys(spanish).filter((k) => !used.has(k)),
      [],
    );
  });
});
