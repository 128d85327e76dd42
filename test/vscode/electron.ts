/**
 * The standard way to run the extension-host suite, where VS Code can be downloaded:
 * `npm run test:electron` (@vscode/test-electron fetches VS Code, then runs suite/index.js in it).
 * These build machines cannot download VS Code; `npm test` runs the same suite in code-server instead.
 */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTests } from "@vscode/test-electron";
import { repoRoot } from "./codeServer";

async function main(): Promise<void> {
  const workspace = join(mkdtempSync(join(tmpdir(), "cnn-electron-")), "workspace");
  cpSync(join(repoRoot, "test", "vscode", "fixture"), workspace, { recursive: true });
  await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(__dirname, "suite", "index.js"),
    launchArgs: [workspace, "--disable-extensions", "--disable-workspace-trust"],
  });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
