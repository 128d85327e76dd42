/**
 * `npm run screenshots`: refreshes the documentation's screenshots, on request (never in CI). The UI suite saves its
 * screenshots under out/screenshots as it walks the features in code-server; this runs it, then copies each
 * screenshot the README (and the walkthrough) shows into media/screenshots. Fails, copying nothing, if the suite
 * fails or one of them was not taken.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../vscode/codeServer";
import { shots } from "./helpers";

/** The screenshots the user documentation shows: media/screenshots/NAME.png in the README and the walkthrough. */
function shown(): string[] {
  const docs = [
    "README.md",
    ...readdirSync(join(repoRoot, "docs")).map((f) => `docs/${f}`),
    ...["create", "designer", "training", "train", "runs"].map((s) => `media/walkthrough/${s}.md`),
  ];
  const names = new Set<string>();
  for (const doc of docs) {
    const path = join(repoRoot, doc);
    if (!existsSync(path)) continue;
    for (const m of readFileSync(path, "utf8").matchAll(/screenshots\/([\w-]+\.png)/g)) names.add(m[1]);
  }
  return [...names].sort();
}

const suite = spawnSync(process.execPath, [join(repoRoot, "out", "test", "vscode", "run.js")], {
  stdio: "inherit",
  env: { ...process.env, CNN_UI_ONLY: "1" },
});
if (suite.status !== 0) {
  console.error("the UI suite failed: no screenshot copied");
  process.exit(1);
}
const missing = shown().filter((name) => !existsSync(join(shots, name)));
if (missing.length) {
  console.error(`not taken by the UI suite: ${missing.join(", ")}`);
  process.exit(1);
}
for (const name of shown()) copyFileSync(join(shots, name), join(repoRoot, "media", "screenshots", name));
console.log(`copied ${shown().length} screenshots into media/screenshots: ${shown().join(", ")}`);
