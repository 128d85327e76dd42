/**
 * `npm run vscode`: CNN Designer in a real VS Code without installing one — code-server with the packaged
 * extension, on a copy of examples/, at http://127.0.0.1:PORT (PORT from the environment, else a free one).
 * `npm run vscode -- --locale es` shows it in Spanish (with the tests' language pack, which declares Spanish
 * without translating VS Code's own texts: Microsoft's cannot be fetched offline). Runs until interrupted.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { packageExtension, packageLanguagePack, repoRoot, startCodeServer } from "./codeServer";

async function main(): Promise<void> {
  const { locale } = parseArgs({ options: { locale: { type: "string" } } }).values;
  if (locale !== undefined && locale !== "es" && locale !== "en") throw new Error(`--locale takes en or es, not '${locale}'`);
  const out = mkdtempSync(join(tmpdir(), "cnn-serve-"));
  const vsix = packageExtension(out);
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  const spanish = locale === "es";
  const server = await startCodeServer(vsix, join(repoRoot, "examples"), {}, port, locale, spanish ? [packageLanguagePack(out)] : []);
  console.log(`CNN Designer in VS Code: ${server.origin}/?folder=${encodeURIComponent(server.workspace)}`);
  console.log("(a copy of examples/ is the workspace; Ctrl+C stops the server)");
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

void main();
