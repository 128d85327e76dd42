/** How a folder is known to be a training run's (the layout itself is the core's: src/core/training/runFolder.ts). */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runFiles } from "../core";

/** True for a folder a training run wrote (a status file, or an older run's model and log). */
export function isRunFolder(dir: string): boolean {
  return existsSync(join(dir, runFiles.status)) || (existsSync(join(dir, runFiles.model)) && existsSync(join(dir, runFiles.log)));
}
