/**
 * tfjs' threaded WebAssembly build (XNNPACK with a pthreads pool) in Node. Its Emscripten glue can start its
 * threads as worker_threads, but tfjs hands it browser things and browser assumptions:
 * - the workers' code and the module's own code as Blobs behind object URLs, which Node's Worker and the
 *   workers' importScripts (a file read) cannot open: while the backend starts, Blobs keep their text and an
 *   object URL of one is a file holding it;
 * - the module's code as the text of a function of tfjs' bundle, which names variables of that bundle
 *   (`require$$0` for fs …, `commonjsGlobal`) a worker does not have: that file defines them first;
 * - half the logical cores as the pool's size, assuming two hyperthreads per core (a 2-vCPU machine gets one
 *   thread): while it starts, the cores are counted twice, so that the pool may have as many threads as cores.
 * Everything patched is put back once the backend has started. The files are named by their content in a folder
 * of the user's own, the same for every trainer: written once, and nothing is left behind by a trainer killed.
 */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

/** The variables of tfjs-backend-wasm's Node bundle (4.x) that its threaded module's code names. */
const bundleNames =
  "var commonjsGlobal = globalThis, require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), require$$4 = require('os');\n";

/**
 * The folder for the modules' files: one of this user's alone in the temporary folder (made with mode 700, and
 * checked: another user's would let them choose the code the workers run), else a fresh one removed at exit.
 */
function modulesFolder(): string {
  const uid = process.getuid?.();
  const dir = join(tmpdir(), `cnn-designer-wasm-${uid ?? "user"}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch {
    // there already (or not makeable: checked below)
  }
  try {
    const s = lstatSync(dir);
    if (s.isDirectory() && (uid === undefined || (s.uid === uid && (s.mode & 0o077) === 0))) return dir;
  } catch {
    // not there: a folder of this process's own
  }
  const own = mkdtempSync(join(tmpdir(), "cnn-designer-wasm-"));
  process.once("exit", () => rmSync(own, { recursive: true, force: true }));
  return own;
}

/**
 * Runs `start` (the wasm backend's start) with the patches above, for a pool of `threads` threads; `setThreads`
 * is tfjs' setThreadsCount and `allow` sets its WASM_HAS_MULTITHREAD_SUPPORT flag.
 */
export async function startThreaded<T>(
  threads: number,
  hooks: { setThreads(n: number): void; allow(): void },
  start: () => Promise<T>,
): Promise<T> {
  const RealBlob = globalThis.Blob;
  const realCreate = URL.createObjectURL;
  const realPost = Worker.prototype.postMessage;
  // The os module itself (an import's namespace may be a copy), the one the glue counts the cores with.
  const osModule = createRequire(__filename)("node:os") as { cpus: () => unknown[] };
  const realCpus = osModule.cpus;
  const dir = modulesFolder();
  const files = new Map<string, string>();
  class TextBlob extends RealBlob {
    readonly text_: string;
    constructor(parts: ConstructorParameters<typeof Blob>[0] & unknown[], options?: ConstructorParameters<typeof Blob>[1]) {
      super(parts, options);
      this.text_ = parts.map(String).join("");
    }
  }
  const fileOf = (blob: TextBlob) => {
    let file = files.get(blob.text_);
    if (!file) {
      const text = bundleNames + blob.text_;
      file = join(dir, `${createHash("sha256").update(text).digest("hex").slice(0, 32)}.js`);
      if (!existsSync(file)) {
        // Whole or not at all: another trainer may be reading it.
        const part = `${file}.${process.pid}.part`;
        writeFileSync(part, text);
        renameSync(part, file);
      }
      files.set(blob.text_, file);
    }
    return file;
  };
  globalThis.Blob = TextBlob as typeof Blob;
  URL.createObjectURL = (blob: Blob) => (blob instanceof TextBlob ? fileOf(blob) : realCreate(blob));
  Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: never[]) {
    const m = message as { cmd?: string; urlOrBlob?: unknown } | null;
    const load = m?.cmd === "load" && m.urlOrBlob instanceof TextBlob ? { ...m, urlOrBlob: fileOf(m.urlOrBlob) } : message;
    return realPost.call(this, load, ...rest);
  };
  osModule.cpus = () => [...realCpus(), ...realCpus()];
  try {
    hooks.allow();
    hooks.setThreads(threads);
    return await start();
  } finally {
    globalThis.Blob = RealBlob;
    URL.createObjectURL = realCreate;
    Worker.prototype.postMessage = realPost;
    osModule.cpus = realCpus;
  }
}

/**
 * The wasm backend's threads in a trainer: every core (8 at most), or CNN_DESIGNER_WASM_THREADS (0 or 1 turns
 * threads off); a value that is not a whole number is thrown as a RangeError that says so.
 */
export function wasmThreads(): number {
  const given = process.env.CNN_DESIGNER_WASM_THREADS?.trim();
  if (!given) return Math.min(8, cpus().length);
  if (!/^\d{1,4}$/.test(given))
    throw new RangeError(`CNN_DESIGNER_WASM_THREADS must be a whole number of threads (0 or 1: no threads), not '${given}'`);
  return Math.max(1, Math.min(8, Number(given)));
}
