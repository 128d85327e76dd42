import * as assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installFailure, installGpuPackage, spawnPlan } from "../../src/extension/training/gpuInstall";

/** A stand-in npm: a Node script that records its arguments, then does `body` (in the install folder). */
function fakeNpm(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), "cnn-fake-npm-"));
  const path = join(dir, "npm");
  writeFileSync(
    path,
    `#!${process.execPath}\nconst fs = require("fs"), path = require("path");\nfs.writeFileSync(path.join(process.cwd(), "npm-args.json"), JSON.stringify(process.argv.slice(2)));\n${body}\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

/** Writes node_modules/@tensorflow/tfjs-node-gpu/index.js with `source`. */
const installs = (source: string) => `
const pkg = path.join(process.cwd(), "node_modules", "@tensorflow", "tfjs-node-gpu");
fs.mkdirSync(pkg, { recursive: true });
fs.writeFileSync(path.join(pkg, "index.js"), ${JSON.stringify(source)});
console.log("added 1 package");`;

describe("Install GPU Backend (npm into the extension's storage)", () => {
  it("installs the pinned version with its install script allowed, then checks that it loads", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-gpu-"));
    const lines: string[] = [];
    const result = await installGpuPackage(dir, (l) => lines.push(l), fakeNpm(installs("module.exports = {};")));
    assert.equal(installFailure(result), null);
    const args = JSON.parse(readFileSync(join(dir, "npm-args.json"), "utf8")) as string[];
    assert.equal(args[0], "install");
    assert.equal(args.at(-1), "@tensorflow/tfjs-node-gpu@4.22.0");
    assert.deepEqual(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).allowScripts, { "@tensorflow/tfjs-node-gpu": true });
    assert.ok(lines.includes("added 1 package"), "npm's output is streamed");
  });

  it("says clearly why it failed: no npm, no network, a failed download, a package that does not load", async () => {
    const dir = () => mkdtempSync(join(tmpdir(), "cnn-gpu-"));
    const noNpm = await installGpuPackage(dir(), () => undefined, join(tmpdir(), "no-such-npm"));
    assert.match(installFailure(noNpm) ?? "", /no-such-npm was not found; install Node\.js \(with npm\) and try again/);
    const offline = await installGpuPackage(
      dir(),
      () => undefined,
      fakeNpm(
        `console.error("npm error code ENOTFOUND"); console.error("npm error getaddrinfo ENOTFOUND registry.npmjs.org"); process.exit(1);`,
      ),
    );
    assert.match(installFailure(offline) ?? "", /^the network is unreachable/);
    const download = await installGpuPackage(
      dir(),
      () => undefined,
      fakeNpm(
        `console.error("Error: getaddrinfo ENOTFOUND storage.googleapis.com"); console.error("npm error command sh -c node scripts/install.js gpu download"); process.exit(1);`,
      ),
    );
    // As measured here: the registry answers, the libtensorflow server does not.
    assert.equal(
      installFailure(download),
      "downloading libtensorflow (with CUDA) failed: its server (storage.googleapis.com) cannot be reached from here",
    );
    const broken = await installGpuPackage(
      dir(),
      () => undefined,
      fakeNpm(installs("throw new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory');")),
    );
    assert.match(
      installFailure(broken) ?? "",
      /^it installed but does not load \(Error: libcudart\.so\.11\.0: cannot open shared object file: No such file or directory\); tfjs-node-gpu needs/,
    );
  });
});

describe("starting npm on each platform", () => {
  it("starts npm directly, except npm.cmd on Windows, which goes through cmd.exe as Node's shell option would", () => {
    const args = ["install", "--no-audit", "@tensorflow/tfjs-node-gpu@4.22.0"];
    assert.deepEqual(spawnPlan("npm", args, "linux"), { file: "npm", args, windowsVerbatimArguments: false });
    assert.deepEqual(spawnPlan("C:\\node\\node.exe", ["-e", "x"], "win32"), {
      file: "C:\\node\\node.exe",
      args: ["-e", "x"],
      windowsVerbatimArguments: false,
    });
    assert.deepEqual(spawnPlan("npm.cmd", args, "win32", "C:\\Windows\\system32\\cmd.exe"), {
      file: "C:\\Windows\\system32\\cmd.exe",
      args: ["/d", "/s", "/c", '"npm.cmd install --no-audit @tensorflow/tfjs-node-gpu@4.22.0"'],
      windowsVerbatimArguments: true,
    });
  });
});
