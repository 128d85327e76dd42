/**
 * The hostile and careless inputs of the hardening issue (#14), one table: each case crafts its files in a fresh
 * folder (real FIFOs, symbolic links to /dev/zero, decompression bombs, JSON nested 100,000 deep, a cycle of
 * 20,000 layers…), names the CLI command that meets them, and says what a careful tool answers: the exit status
 * and the message. `test/cli/hostile.test.ts` runs every case as a test; `npm run bench:safety` runs them with
 * their peak memory and time.
 */
import type { HostileCase } from "./hostile/shared";
import { cliCases } from "./hostile/cli";
import { datasetsCases } from "./hostile/datasets";
import { filesCases } from "./hostile/files";
import { interopCases } from "./hostile/interop";
import { modelCases } from "./hostile/model";

export { hostileClasses, type HostileCase, type HostileClass } from "./hostile/shared";

/** Every case, by class (one file per group of classes under hostile/). */
export const hostileCases: readonly HostileCase[] = [...filesCases, ...modelCases, ...cliCases, ...datasetsCases, ...interopCases];
