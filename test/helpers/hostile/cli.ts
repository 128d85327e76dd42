/** Hostile inputs: the command line's usage (usage). */
import { join } from "node:path";
import { model, mnist, type HostileCase } from "./shared";

/** The cases of usage. */
export const cliCases: readonly HostileCase[] = [
  // --- usage
  {
    class: "usage",
    name: "check a missing b: a and b are still checked",
    setup: (d) => [
      "check",
      model(d, mnist, undefined, "a.cnn.json"),
      join(d, "missing.cnn.json"),
      model(d, [{ type: "Dense" }], undefined, "b.cnn.json"),
    ],
    status: 2,
    says: /^(?=[^]*missing\.cnn\.json': no such file)(?=[^]*b\.cnn\.json:1:\d+: error: dense: Dense needs 'units')(?=[^]*2 files checked: 2 errors, 0 warnings; 1 file could not be read)/,
  },
  {
    class: "usage",
    name: "summary --optimizer bogus",
    setup: (d) => ["summary", model(d, mnist), "--optimizer", "bogus"],
    status: 2,
    says: /--optimizer must be one of adam, .*, got 'bogus'/,
  },
  {
    class: "usage",
    name: "summary --optimizer constructor",
    setup: (d) => ["summary", model(d, mnist), "--optimizer", "constructor"],
    status: 2,
    says: /--optimizer must be one of/,
  },
  ...(["train", "summary", "check"] as const).map((command): HostileCase => ({
    class: "usage",
    name: `${command} DIR`,
    setup: (d) => [command, d],
    status: 2,
    says: /cannot read the model: '.*' is a folder/,
  })),
];
