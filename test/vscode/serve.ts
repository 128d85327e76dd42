/**
 * `npm run vscode`: CNN Designer in a real VS Code without installing one — code-server with the packaged
 * extension, on a copy of examples/, at http://127.0.0.1:PORT (PORT from the environment, else a free one).
 * Runs until interrupted.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageExtension, repoRoot, startCodeServer } from "./codeServer";

async function main(): Promise<void> {
  const vsix = packageExtension(mkdtempSync(join(tmpdir(), "cnn-serve-")));
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  const server = await startCodeServer(vsix, join(repoRoot, "examples"), {}, port);
  console.log(`CNN Designer in VS Code: ${server.origin}/?folder=${encodeURIComponent(server.workspace)}`);
  console.log("(a copy of examples/ is the workspace; Ctrl+C stops the server)");
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

void main();
