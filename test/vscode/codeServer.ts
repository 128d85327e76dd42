/**
 * A real VS Code for tests, offline: code-server (VS Code 1.139 with a Node extension host) from the cache
 * that `.ci/setup` fills, with the packaged extension installed, on a free localhost port.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The repository root (the compiled harness lives in out/test/vscode). */
export const repoRoot = resolve(__dirname, "..", "..", "..");

/** The test tools' pinned versions, from .ci/versions.env (which .ci/setup sources too). */
function pinned(name: string): string {
  const found = readFileSync(join(repoRoot, ".ci", "versions.env"), "utf8").match(new RegExp(`^${name}=(\\S+)$`, "m"));
  if (!found) throw new Error(`.ci/versions.env sets no ${name}`);
  return found[1];
}
const nodeVersion = pinned("NODE_VERSION");
const codeServerVersion = pinned("CODE_SERVER_VERSION");

/** A running code-server. */
export interface CodeServer {
  /** The workbench address, e.g. http://127.0.0.1:41234. */
  readonly origin: string;
  /** The workspace folder the tests use (a fresh copy of the fixture). */
  readonly workspace: string;
  /** Where the .vsix was installed: the packaged extension's files. */
  readonly extensionPath: string;
  /** Stops the server and its children, and removes its scratch folders. */
  stop(): Promise<void>;
}

/** The cache folder with Node 24 and code-server, set up first if it is missing. */
export function toolCache(): { node: string; codeServer: string } {
  const cache = process.env.CNN_DESIGNER_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "cnn-designer");
  const node = join(cache, `node-${nodeVersion}`, "bin", "node");
  const codeServer = join(cache, `code-server-${codeServerVersion}`, "node_modules", "code-server", "out", "node", "entry.js");
  if (!existsSync(node) || !existsSync(join(cache, `code-server-${codeServerVersion}`, ".complete"))) {
    const r = spawnSync("bash", [join(repoRoot, ".ci", "setup")], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, CNN_DESIGNER_CACHE: cache },
    });
    if (r.status !== 0) throw new Error(".ci/setup failed: see its output above");
  }
  return { node, codeServer };
}

/** Packages the extension with vsce, as a user would install it. */
export function packageExtension(out: string): string {
  return vscePackage(repoRoot, join(out, "cnn-designer.vsix"), ["--no-rewrite-relative-links"]);
}

/** `vsce package` of the extension in `folder`, into `vsix`. */
function vscePackage(folder: string, vsix: string, options: readonly string[] = []): string {
  const vsce = join(repoRoot, "node_modules", "@vscode", "vsce", "vsce");
  const r = spawnSync(process.execPath, [vsce, "package", "--no-dependencies", "--allow-missing-repository", ...options, "-o", vsix], {
    cwd: folder,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`vsce package of ${folder} failed:\n${r.stdout}\n${r.stderr}`);
  return vsix;
}

/** The test's Spanish language pack (test/vscode/language-pack-es) as a .vsix in `out`. */
export function packageLanguagePack(out: string): string {
  return vscePackage(join(repoRoot, "test", "vscode", "language-pack-es"), join(out, "language-pack-es.vsix"));
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

async function waitForHealth(origin: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`code-server exited (${server.exitCode}):\n${log()}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer within 60 s:\n${log()}`);
}

/**
 * Starts code-server with `vsix` installed and a copy of `fixture` as the workspace, on `port` or a free one, in
 * VS Code's display language `locale` (English by default; another needs its language pack among `extensions`,
 * other .vsix files to install).
 */
export async function startCodeServer(
  vsix: string,
  fixture: string,
  settings: Record<string, unknown> = {},
  port?: number,
  locale?: string,
  extensions: readonly string[] = [],
): Promise<CodeServer> {
  const { node, codeServer } = toolCache();
  const root = mkdtempSync(join(tmpdir(), "cnn-vscode-"));
  const dirs = { udd: join(root, "user-data"), ext: join(root, "extensions"), workspace: join(root, "workspace"), xdg: join(root, "xdg") };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  cpSync(fixture, dirs.workspace, { recursive: true });
  mkdirSync(join(dirs.udd, "User"), { recursive: true });
  const defaults = {
    "chat.disableAIFeatures": true,
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "workbench.secondarySideBar.defaultVisibility": "hidden",
  };
  writeFileSync(join(dirs.udd, "User", "settings.json"), JSON.stringify({ ...defaults, ...settings }, null, 2));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(dirs.xdg, "config"),
    XDG_DATA_HOME: join(dirs.xdg, "data"),
    XDG_CACHE_HOME: join(dirs.xdg, "cache"),
  };
  const common = ["--user-data-dir", dirs.udd, "--extensions-dir", dirs.ext];
  const install = spawnSync(node, [codeServer, ...common, "--install-extension", vsix], { env, encoding: "utf8" });
  for (const other of extensions) {
    const done = spawnSync(node, [codeServer, ...common, "--install-extension", other], { env, encoding: "utf8" });
    if (done.status !== 0) throw new Error(`installing ${other} failed:\n${done.stdout}\n${done.stderr}`);
  }
  if (locale) writeLanguagePacks(dirs.udd, dirs.ext, locale);
  const installed = readdirSync(dirs.ext).find((d) => d.startsWith("cnn-designer.cnn-designer-"));
  if (install.status !== 0 || !installed) throw new Error(`installing the .vsix failed:\n${install.stdout}\n${install.stderr}`);

  port ??= await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let output = "";
  const server = spawn(
    node,
    [
      codeServer,
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--auth",
      "none",
      ...common,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--vscode-option",
      "enable-smoke-test-driver",
      ...(locale ? ["--locale", locale] : []),
    ],
    { env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout?.on("data", (b: Buffer) => (output += b.toString()));
  server.stderr?.on("data", (b: Buffer) => (output += b.toString()));
  await waitForHealth(origin, server, () => output);
  return {
    origin,
    workspace: dirs.workspace,
    extensionPath: join(dirs.ext, installed),
    async stop() {
      const gone = new Promise((r) => server.once("exit", r));
      try {
        process.kill(-(server.pid as number), "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      try {
        process.kill(-(server.pid as number), "SIGKILL");
      } catch {
        // already gone
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * The language packs' index that VS Code reads at start to find `locale`'s translations (it writes it itself only
 * once running, too late for `--locale` on the first start): from the installed packs that declare the language.
 */
function writeLanguagePacks(userData: string, extensions: string, locale: string): void {
  const packs: Record<string, unknown> = {};
  for (const dir of readdirSync(extensions)) {
    const manifest = join(extensions, dir, "package.json");
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as {
      name: string;
      publisher: string;
      version: string;
      contributes?: {
        localizations?: { languageId: string; localizedLanguageName?: string; translations: { id: string; path: string }[] }[];
      };
    };
    for (const l of pkg.contributes?.localizations ?? []) {
      if (l.languageId !== locale) continue;
      packs[locale] = {
        hash: `${pkg.publisher}.${pkg.name}-${pkg.version}`,
        extensions: [{ extensionIdentifier: { id: `${pkg.publisher}.${pkg.name}` }, version: pkg.version }],
        translations: Object.fromEntries(l.translations.map((t) => [t.id, join(extensions, dir, t.path)])),
        label: l.localizedLanguageName ?? locale,
      };
    }
  }
  writeFileSync(join(userData, "languagepacks.json"), JSON.stringify(packs));
}
