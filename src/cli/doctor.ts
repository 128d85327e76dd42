/** `cnn-designer doctor`: the training environment check — each backend, whether it runs and on what, and the fix. */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { checkTrainingEnvironment, formatEnvironment, reportInEnglish } from "../runner/doctor";
import { jsonText, print } from "./output";
import { UsageError } from "./usage";
import { catalogue, say } from "./messages";

/** Parses the arguments (throwing UsageError), runs the check and prints it; resolves to the exit status (0). */
export async function doctor(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: "boolean" },
      python: { type: "string" },
      gpu: { type: "string" },
      "module-path": { type: "string", multiple: true },
    },
  });
  if (values.gpu !== undefined && !/^\d+$/.test(values.gpu)) throw new UsageError(say("cli.gpuIndex", { value: values.gpu }));
  const report = await checkTrainingEnvironment(join(__dirname, "trainer.js"), {
    python: values.python,
    gpu: values.gpu === undefined ? undefined : Number(values.gpu),
    modulePaths: values["module-path"],
  });
  print(values.json ? `${jsonText(reportInEnglish(report))}\n` : `${formatEnvironment(report, catalogue).join("\n")}\n`);
  return 0;
}
