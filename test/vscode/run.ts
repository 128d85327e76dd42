/**
 * `npm test`'s VS Code part: packages the extension (.vsix), installs it into a real VS Code (code-server,
 * offline), runs the integration suite inside its extension host, then the UI suite that drives the
 * workbench in headless Chromium as a person would.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { format } from "node:util";
import Mocha from "mocha";
import { launchBrowser } from "./browser";
import { packageExtension, packageLanguagePack, repoRoot, startCodeServer, type CodeServer } from "./codeServer";

/** The server the UI suite drives; set while it runs. */
export let server: CodeServer | undefined;
/** The server in Spanish (VS Code's display language `es`) the Spanish UI suite drives; set while it runs. */
export let spanishServer: CodeServer | undefined;

/**
 * Runs a test module (exporting `run()`, as for @vscode/test-electron) inside the extension host of the
 * installed extension; returns VS Code's exit code.
 */
export async function runInExtensionHost(s: CodeServer, testsPath: string, environment: Record<string, string> = {}): Promise<number> {
  const host = new URL(s.origin).host;
  const payload = [
    ["extensionDevelopmentPath", `vscode-remote://${host}${s.extensionPath}`],
    ["extensionTestsPath", `vscode-remote://${host}${testsPath}`],
    ["extensionEnvironment", JSON.stringify(environment)],
  ];
  const url = `${s.origin}/?folder=${encodeURIComponent(s.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const context = await launchBrowser();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    let finish: (code: number) => void = () => undefined;
    const finished = new Promise<number>((r) => (finish = r));
    // The workbench's own chatter (sockets, the unreachable marketplace) is left out; mocha's report is kept.
    const noise = /^(Creating a socket|Resolved connection token|\[[A-Za-z]|Updating additional builtin|getaddrinfo ENOTFOUND|\s+at )/;
    await page.exposeFunction("codeAutomationLog", (_type: string, args: unknown[]) => {
      const line = format(...args);
      if (!noise.test(line)) console.log(line);
    });
    await page.exposeFunction("codeAutomationExit", (code: number) => finish(code));
    const timer = setTimeout(() => {
      console.log("timed out waiting for the extension host suite");
      finish(124);
    }, 300_000);
    await page.goto(url);
    const code = await finished;
    clearTimeout(timer);
    return code;
  } finally {
    await context.close();
  }
}

/** Runs the UI suite (out/test/ui) against the running server; returns its failure count. */
function runUiSuite(): Promise<number> {
  // CNN_UI_GREP runs only the UI tests whose titles match (while working on one).
  const grep = process.env.CNN_UI_GREP;
  const mocha = new Mocha({ timeout: 120_000, reporter: join(__dirname, "..", "reporter.js"), ...(grep ? { grep } : {}) });
  mocha.addFile(join(__dirname, "..", "ui", "workbench.test.js"));
  mocha.addFile(join(__dirname, "..", "ui", "designer.test.js"));
  mocha.addFile(join(__dirname, "..", "ui", "hostile.test.js"));
  mocha.addFile(join(__dirname, "..", "ui", "journey.test.js"));
  mocha.addFile(join(__dirname, "..", "ui", "journeyFromScratch.test.js"));
  return new Promise((done) => mocha.run(done));
}

/** Runs the Spanish UI suite (out/test/ui/spanish.test.js) in a workbench whose display language is Spanish. */
async function runSpanishSuite(vsix: string, out: string): Promise<number> {
  const grep = process.env.CNN_UI_GREP;
  const mocha = new Mocha({ timeout: 120_000, reporter: join(__dirname, "..", "reporter.js"), ...(grep ? { grep } : {}) });
  mocha.addFile(join(__dirname, "..", "ui", "spanish.test.js"));
  spanishServer = await startCodeServer(vsix, join(repoRoot, "test", "vscode", "fixture"), {}, undefined, "es", [packageLanguagePack(out)]);
  try {
    return await new Promise((done) => mocha.run(done));
  } finally {
    await spanishServer.stop();
    spanishServer = undefined;
  }
}

async function main(): Promise<void> {
  const out = join(repoRoot, "out", "vscode");
  mkdirSync(out, { recursive: true });
  const vsix = packageExtension(out);
  console.log(`packaged ${vsix}`);
  server = await startCodeServer(vsix, join(repoRoot, "test", "vscode", "fixture"));
  console.log(`code-server at ${server.origin}, workspace ${server.workspace}`);
  let failures = 0;
  try {
    console.log("\n== integration suite, inside the VS Code extension host");
    // CNN_UI_ONLY=1 skips it (while working on the UI suite).
    const hostCode = process.env.CNN_UI_ONLY
      ? 0
      : await runInExtensionHost(server, join(__dirname, "suite", "index.js"), {
          CNN_DESIGNER_EXPECT_VSIX: "1",
          ...(process.env.CNN_SUITE_GREP ? { CNN_SUITE_GREP: process.env.CNN_SUITE_GREP } : {}),
        });
    failures += hostCode === 0 ? 0 : 1;
    if (hostCode !== 0) console.log(`the extension host suite failed (exit ${hostCode})`);
    console.log("\n== UI suite, in the workbench");
    failures += await runUiSuite();
  } finally {
    await server.stop();
  }
  console.log("\n== UI suite in Spanish");
  failures += await runSpanishSuite(vsix, out);
  process.exitCode = failures > 0 ? 1 : 0;
}

if (require.main === module) void main();
