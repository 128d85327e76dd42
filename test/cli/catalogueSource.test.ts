/**
 * The sources say nothing in place: src/cli, src/trainer and src/node are read with TypeScript's parser, and a
 * literal sentence given to the CLI's printers or to a refusal (UsageError, UsageProblem, FileError, DatasetError …)
 * fails, as does an English phrase put into a core message as an argument — each would stay English under a
 * Spanish locale.
 */
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as ts from "typescript";
import { words } from "../helpers/sourceWords";

const root = join(__dirname, "..", "..", "..");

describe("the CLI's lines go through the catalogue", () => {
  it("gives no literal sentence to UsageError, Error, print or printError in src/cli, nor to the trainer's or the file readers' refusals", () => {
    // The CLI's lines; the trainer's and the datasets' refusals, which the client shows as they are.
    const checked = [
      { dir: join(root, "src", "cli"), names: ["UsageError", "Error", "print", "printError", "write"] },
      { dir: join(root, "src", "trainer"), names: ["UsageProblem", "StoppedEarly", "Diverged", "DatasetError", "fail", "refused"] },
      // The file layer's refusals: a file the user named that is not what it claims, a run's inner files, git.
      { dir: join(root, "src", "node"), names: ["FileError", "Error"] },
    ];
    const problems: string[] = [];
    for (const { dir, names } of checked)
      for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts"))
        .map((f) => join(dir, f))) {
        const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
        const visit = (node: ts.Node): void => {
          const callee = ts.isNewExpression(node) || ts.isCallExpression(node) ? node.expression : undefined;
          const name =
            callee && ts.isIdentifier(callee) ? callee.text : callee && ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
          const first = (node as ts.CallExpression).arguments?.[0];
          if (names.includes(name) && first && words(first))
            problems.push(`${relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${first.getText()}`);
          ts.forEachChild(node, visit);
        };
        visit(source);
      }
    assert.deepEqual(problems, []);
  });

  it("gives no message an English phrase as an argument (a word of code, a layer type or a name may be)", () => {
    // A phrase put into a message stays English in every catalogue: `{ what: "an HDF5 model" }` must be a message.
    const dir = join(root, "src");
    const problems: string[] = [];
    for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .map((f) => join(dir, f))) {
      const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        const args =
          ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "msg" ? node.arguments[1] : undefined;
        if (args && ts.isObjectLiteralExpression(args))
          for (const p of args.properties)
            if (ts.isPropertyAssignment(p) && words(p.initializer) && /[A-Za-z]\w*\s+\w/.test(p.initializer.getText()))
              problems.push(`${relative(root, file)}:${source.getLineAndCharacterOfPosition(p.getStart()).line + 1}: ${p.getText()}`);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    assert.deepEqual(problems, []);
  });
});
