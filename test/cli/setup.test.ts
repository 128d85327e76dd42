/**
 * [fresh-machine] What `npm test` runs first, `.ci/setup`, as a fresh machine meets it: npm's own variables never
 * reach the nested npm that installs code-server (its postinstall read the outer Node's version from them and
 * refused), and missing Debian packages are installed only by root — anyone else is told exactly what to install,
 * and sudo is never called. Stand-ins for dpkg, apt-get, sudo and npm record what the script asks of them.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "../helpers/cliProcess";

const setup = join(root, ".ci", "setup");
/** The Node version .ci/setup installs, as .ci/versions.env pins it. */
const nodeVersion = /^NODE_VERSION=(\S+)$/m.exec(readFileSync(join(root, ".ci", "versions.env"), "utf8"))?.[1] ?? "";

/** A folder of executable stand-ins (name → shell body), each appending its name and arguments to `calls`. */
function shims(bodies: Record<string, string>): { dir: string; calls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), "cnn-shims-"));
  const log = join(dir, "calls.log");
  for (const [name, body] of Object.entries(bodies)) {
    writeFileSync(join(dir, name), `#!/bin/sh\necho "${name} $*" >> "${log}"\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  chmodSync(dir, 0o777);
  return { dir, calls: () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : []) };
}

describe("[fresh-machine] .ci/setup, which npm test runs first", () => {
  const missing = { dpkg: "exit 1", "apt-get": "exit 0", sudo: "exit 0" };

  it("[fresh-machine] as another user, a missing package is named with the command to install it, and sudo is never called", function () {
    if (process.getuid?.() !== 0) this.skip(); // switching to another user takes root, as CI has
    const s = shims(missing);
    const home = mkdtempSync(join(tmpdir(), "cnn-home-"));
    chmodSync(home, 0o777);
    // The other user may not read the checkout (a clone under a private folder): a copy of the script it can.
    const script = join(home, "setup");
    copyFileSync(setup, script);
    copyFileSync(join(root, ".ci", "versions.env"), join(home, "versions.env"));
    chmodSync(script, 0o755);
    const r = spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "bash", script, "--packages"], {
      encoding: "utf8",
      env: { PATH: `${s.dir}:${process.env.PATH}`, HOME: home },
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(
      r.stderr,
      /need these Debian packages, which are not installed:\n {2}libkrb5-dev python3-torch python3-torchvision python3-onnx python3-numpy python3-h5py/,
    );
    assert.match(
      r.stderr,
      /sudo apt-get update && sudo apt-get install -y libkrb5-dev python3-torch python3-torchvision python3-onnx python3-numpy python3-h5py/,
    );
    assert.deepEqual(
      s.calls().filter((c) => !c.startsWith("dpkg")),
      [],
      "neither sudo nor apt-get was run",
    );
  });

  it("[fresh-machine] as root, the missing packages are installed with apt-get, without sudo", function () {
    if (process.getuid?.() !== 0) this.skip();
    const s = shims(missing);
    const r = spawnSync("bash", [setup, "--packages"], { encoding: "utf8", env: { PATH: `${s.dir}:${process.env.PATH}`, HOME: tmpdir() } });
    assert.equal(r.status, 0, r.stderr);
    const calls = s.calls().filter((c) => !c.startsWith("dpkg"));
    assert.deepEqual(calls, [
      "apt-get update -qq",
      "apt-get install -y -qq libkrb5-dev python3-torch python3-torchvision python3-onnx python3-numpy python3-h5py",
    ]);
  });

  it("[fresh-machine] npm's variables from `npm test` do not reach the nested npm; this machine's npmrc does", () => {
    const cache = mkdtempSync(join(tmpdir(), "cnn-cache-"));
    // Node 24 "installed" (the script checks the file), code-server not yet.
    mkdirSync(join(cache, `node-${nodeVersion}`, "bin"), { recursive: true });
    writeFileSync(join(cache, `node-${nodeVersion}`, "bin", "node"), "#!/bin/sh\n");
    chmodSync(join(cache, `node-${nodeVersion}`, "bin", "node"), 0o755);
    const envFile = join(cache, "nested-npm.env");
    const s = shims({
      dpkg: "exit 0",
      npm: `case "$1" in config) echo "/machine/$3";; install) env > "${envFile}";; esac\nexit 0`,
    });
    const r = spawnSync("bash", [setup], {
      encoding: "utf8",
      env: {
        PATH: `${s.dir}:${process.env.PATH}`,
        HOME: tmpdir(),
        CNN_DESIGNER_CACHE: cache,
        // What `npm test` hands its scripts.
        npm_config_user_agent: "npm/11.19.1 node/v20.20.2 linux x64 workspaces/false",
        npm_lifecycle_event: "test",
        npm_config_globalconfig: "/outer/npmrc",
        INIT_CWD: root,
        NODE: process.execPath,
      },
    });
    assert.equal(r.status, 0, r.stderr);
    const env = readFileSync(envFile, "utf8");
    assert.doesNotMatch(env, /^(npm_config_user_agent|npm_lifecycle_event|INIT_CWD|NODE)=/m);
    assert.match(env, /^npm_config_globalconfig=\/machine\/globalconfig$/m);
    assert.match(env, /^npm_config_userconfig=\/machine\/userconfig$/m);
    assert.match(env, new RegExp(`^PATH=${join(cache, `node-${nodeVersion}`, "bin")}:`, "m"), "Node 24 first on the nested npm's PATH");
    assert.equal(r.stdout.trim(), cache);
  });
});
