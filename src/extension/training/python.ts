/**
 * The Python interpreter for the pytorch backend, as VS Code users expect it found: the
 * `cnnDesigner.training.python` setting (machine-scoped: from the user's settings only, as choosing the interpreter
 * is running code), else the interpreter the Python extension has selected for the model's folder (its public
 * API), else none — the trainer then uses CNN_DESIGNER_PYTHON or `python3` on PATH.
 */
import * as vscode from "vscode";

/** The part of the Python extension's API (`ms-python.python`) read here. */
interface PythonApi {
  readonly environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { readonly path: string } | undefined;
    resolveEnvironment(env: { readonly path: string }): Promise<{ readonly executable: { readonly uri?: vscode.Uri } } | undefined>;
  };
}

/** The Python extension's interpreter for `resource`; undefined without the extension, or when it does not answer in 10 s. */
async function selectedInterpreter(resource: vscode.Uri): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension<PythonApi>("ms-python.python");
  if (!ext) return undefined;
  const ask = async () => {
    const api = ext.isActive ? ext.exports : await ext.activate();
    const envs = api?.environments;
    const active = envs?.getActiveEnvironmentPath(resource);
    if (!envs || !active) return undefined;
    return (await envs.resolveEnvironment(active))?.executable.uri?.fsPath;
  };
  try {
    return await Promise.race([ask(), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 10_000))]);
  } catch {
    return undefined;
  }
}

/** The interpreter and the GPU the pytorch backend uses for the model at `resource` (undefined: the trainer's defaults). */
export async function pytorchSettings(resource: vscode.Uri): Promise<{ python?: string; gpu?: number }> {
  const config = vscode.workspace.getConfiguration("cnnDesigner.training", resource);
  const setting = vscode.workspace.isTrusted ? config.get<string>("python", "").trim() : "";
  const gpu = config.get<number>("gpu", 0);
  const python = setting || (vscode.workspace.isTrusted ? await selectedInterpreter(resource) : undefined);
  return { python, gpu: Number.isSafeInteger(gpu) && gpu >= 0 ? gpu : undefined };
}
