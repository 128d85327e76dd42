#!/usr/bin/env node
/** Entry point of the `cnn-designer` command. */
import { main } from "./main";
import { printError } from "./output";
import { say } from "./messages";

const argv = process.argv.slice(2);
// `train` answers signals itself. The commands that write (export, import, schema) work in one synchronous
// stretch: a signal that arrives meanwhile is heard only when it is done — never halfway through a file (no
// temporary file is left behind). `check` and `summary` write nothing: a signal ends them at once, as any reader.
if (["export", "import", "schema"].includes(argv[0] ?? ""))
  for (const [signal, status] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)
    process.on(signal, () => {
      printError(`cnn-designer: ${say("cli.interrupted", { signal })}\n`);
      process.exitCode = status;
    });
// A failure to print (standard output on a full disk) has set an exit status already; it is kept.
void Promise.resolve(main(argv)).then((status) => (process.exitCode = status || Number(process.exitCode ?? 0)));
