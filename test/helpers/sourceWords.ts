/**
 * For the tests that read the source with TypeScript's parser (test/extension/l10n.test.ts, test/cli/spanish.test.ts):
 * whether an expression is a sentence written in place rather than a translated text.
 */
import * as ts from "typescript";

/**
 * Whether a string or template literal (through parentheses, `?:`, `??` and `||`) has words of its own — not
 * counting what it inserts, markup's tags, `$(icon)` names, or the CLI's `cnn-designer: ` prefix.
 */
export function words(node: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(node)) return words(node.expression);
  if (ts.isConditionalExpression(node)) return words(node.whenTrue) || words(node.whenFalse);
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind))
    return words(node.left) || words(node.right);
  const own =
    ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
      ? node.text
      : ts.isTemplateExpression(node)
        ? [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join("0")
        : "";
  return /[A-Za-z]{2}/.test(
    own
      .replace(/<[^>]*>/g, " ")
      .replace(/\$\([\w~-]+\)/g, "")
      .replace(/cnn-designer: /g, ""),
  );
}
