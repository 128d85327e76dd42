/** Entry point the VS Code extension host loads (`extensionTestsPath`): runs every `*.test.js` here with mocha. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import Mocha from "mocha";

/** Runs the suite; rejects when a test fails (VS Code then exits with 1). */
export function run(): Promise<void> {
  // CNN_SUITE_GREP runs only the tests whose titles match (bench/safety.ts runs the [vscode-surfaces] ones).
  const grep = process.env.CNN_SUITE_GREP;
  const mocha = new Mocha({ ui: "bdd", timeout: 30_000, color: false, reporter: "spec", ...(grep ? { grep } : {}) });
  for (const f of readdirSync(__dirname).filter((x) => x.endsWith(".test.js"))) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} tests failed`));
      else resolve();
    });
  });
}
