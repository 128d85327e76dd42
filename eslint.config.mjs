// ESLint (typescript-eslint) with the architecture's import boundaries as rules.
import js from "@eslint/js";
import globals from "globals";
import { builtinModules } from "node:module";
import tseslint from "typescript-eslint";
import { createNodeResolver, importX } from "eslint-plugin-import-x";

/**
 * The core's rooms and the rooms each may import: document reading at the bottom, then layers and the training
 * section, the analysis over them, edits, and interop over everything.
 */
const coreRooms = {
  messages: [],
  document: ["messages"],
  layers: ["messages", "document"],
  training: ["messages", "document"],
  analysis: ["messages", "document", "layers", "training"],
  edits: ["messages", "document", "layers", "analysis"],
  interop: ["messages", "document", "layers", "training", "analysis", "edits"],
  diagram: ["messages", "document", "layers", "analysis"],
};

/** What the core (or its room `room`) may not import: vscode, Node, the layers above it, and the rooms above the room. */
function coreImports(room) {
  const above = room ? Object.keys(coreRooms).filter((r) => r !== room && !coreRooms[room].includes(r)) : [];
  return {
    paths: [
      { name: "vscode", message: "src/core is pure: it never imports vscode." },
      ...nodeBuiltins.map((name) => ({ name, message: "src/core is pure: no Node built-ins." })),
    ],
    patterns: [
      {
        group: ["**/extension/**", "**/cli/**", "**/trainer/**", "**/runner/**", "**/node/**", "**/protocol/**", "**/webview/**"],
        message: "src/core must not depend on the layers above it.",
      },
      ...(above.length
        ? [
            {
              group: above.map((r) => `**/${r}/**`),
              message: `src/core/${room} may use only ${coreRooms[room].join(", ") || "itself"} of the core.`,
            },
          ]
        : []),
    ],
  };
}

/** Outside the core, its rooms are reached through its façade (src/core/index.ts) only. */
const throughFacade = { group: ["**/core/*/**", "**/core/*", "!**/core/index"], message: "Import the core through its façade: '../core'." };

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const domGlobals = ["window", "document", "navigator", "self", "location", "HTMLElement", "fetch", "localStorage"];
const nodeGlobals = ["process", "Buffer", "require", "module", "__dirname", "__filename", "global", "setImmediate"];

export default tseslint.config(
  { ignores: ["dist/", "out/", "node_modules/", ".vscode-test/", "*.vsix"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".d.ts", ".js", ".mjs"] })],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/extensions": [".ts", ".js", ".mjs"],
    },
    rules: {
      // No import cycle anywhere: each room depends on the rooms below it only.
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
    },
  },
  {
    // A name from a model file may be "constructor" or "__proto__": tables are looked up by their own keys only.
    files: ["src/**/*.ts", "webview/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "BinaryExpression[operator='in'][left.type!='Literal']",
          message: "`key in table` is true for 'constructor' and '__proto__': use Object.hasOwn(table, key).",
        },
      ],
    },
  },
  {
    // Files stay small enough to read whole: one concern each.
    files: ["src/**/*.ts", "webview/**/*.ts", "bench/**/*.ts", "test/**/*.ts"],
    rules: { "max-lines": ["error", { max: 300, skipBlankLines: true, skipComments: true }] },
  },
  {
    // The core is pure: no vscode, no Node built-ins, no DOM, and nothing from the layers above it.
    files: ["src/core/**/*.ts"],
    languageOptions: { globals: {} },
    rules: {
      "no-restricted-imports": ["error", coreImports()],
      "no-restricted-globals": [
        "error",
        ...[...domGlobals, ...nodeGlobals].map((name) => ({ name, message: "src/core is pure: no DOM or Node globals." })),
      ],
    },
  },
  // Each room of the core imports only the rooms below it.
  ...Object.keys(coreRooms).map((room) => ({
    files: [`src/core/${room}/**/*.ts`],
    rules: { "no-restricted-imports": ["error", coreImports(room)] },
  })),
  {
    // The webviews run in the browser: no Node, no vscode; they reach the host through src/protocol.
    files: ["webview/**/*.ts"],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "vscode", message: "Webviews talk to the host through messages." },
            ...nodeBuiltins.map((name) => ({ name, message: "Webviews run in a browser." })),
          ],
          patterns: [
            {
              group: ["**/extension/**", "**/cli/**", "**/trainer/**", "**/runner/**", "**/node/**"],
              message: "Webviews use only the core and the protocol.",
            },
            throughFacade,
          ],
        },
      ],
    },
  },
  {
    // The extension host never loads tfjs: it reaches the trainer process through its client only. Its
    // notifications and Markdown go through src/extension/plainText.ts, which keeps user text from being markup.
    files: ["src/extension/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "BinaryExpression[operator='in'][left.type!='Literal']", message: "Use Object.hasOwn(table, key)." },
        {
          selector: "MemberExpression[property.name=/^show(Information|Warning|Error)Message$/]",
          message: "Notify through notify (src/extension/plainText.ts): it keeps user text from becoming a command link.",
        },
        {
          selector: "NewExpression[callee.property.name='MarkdownString']",
          message: "Use plainMarkdown() and markdownText() (src/extension/plainText.ts): user text must not be Markdown.",
        },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@tensorflow/*"], message: "tfjs runs in the trainer process, never in the extension host or the CLI." },
            { group: ["**/trainer/**"], message: "Run the trainer through src/runner (a child process)." },
            throughFacade,
          ],
        },
      ],
    },
  },
  {
    // The parent side of training, shared by the CLI and the extension host: no vscode, no tfjs, no trainer code.
    files: ["src/runner/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "vscode", message: "src/runner runs outside VS Code too." }],
          patterns: [
            { group: ["@tensorflow/*"], message: "tfjs runs in the trainer process only." },
            {
              group: ["**/extension/**", "**/cli/**", "**/trainer/**", "**/webview/**"],
              message: "src/runner starts the trainer; it never loads it.",
            },
            throughFacade,
          ],
        },
      ],
    },
  },
  {
    // Node-side file handling, shared by the CLI, the trainer and the extension host: no vscode, no tfjs.
    files: ["src/node/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "vscode", message: "src/node runs outside VS Code too." }],
          patterns: [
            { group: ["@tensorflow/*"], message: "tfjs runs in the trainer process only." },
            {
              group: ["**/extension/**", "**/cli/**", "**/trainer/**", "**/runner/**", "**/webview/**"],
              message: "src/node sits below them.",
            },
            throughFacade,
          ],
        },
      ],
    },
  },
  {
    // The one place that shows notifications and builds Markdown.
    files: ["src/extension/plainText.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "BinaryExpression[operator='in'][left.type!='Literal']", message: "Use Object.hasOwn(table, key)." },
      ],
    },
  },
  {
    // The protocol is types, and constants both ends read as `as const` data: no logic.
    files: ["src/protocol/**/*.ts"],
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { prefer: "type-imports" }],
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "FunctionDeclaration, ClassDeclaration, ArrowFunctionExpression, FunctionExpression, VariableDeclaration[kind!='const'], VariableDeclarator:not([init.type='TSAsExpression'][init.typeAnnotation.typeName.name='const'])",
          message: "src/protocol holds types and `as const` data only.",
        },
      ],
    },
  },
  {
    // The CLI, the trainer, the unit tests and the benchmarks run outside VS Code (test/vscode/suite runs inside it).
    files: ["src/cli/**/*.ts", "src/trainer/**/*.ts", "test/**/*.ts", "bench/**/*.ts"],
    ignores: ["test/vscode/suite/**", "bench/activationProbe.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "vscode", message: "Only src/extension may import vscode." }] }],
    },
  },
  {
    // Neither does the CLI (and it never imports vscode); it prints through src/cli/output.ts, which escapes.
    files: ["src/cli/**/*.ts"],
    ignores: ["src/cli/output.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "BinaryExpression[operator='in'][left.type!='Literal']", message: "Use Object.hasOwn(table, key)." },
        {
          selector: "MemberExpression[object.object.name='process'][object.property.name=/^std(out|err)$/][property.name='write']",
          message: "Print through src/cli/output.ts, which escapes control characters from names and paths.",
        },
      ],
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "vscode", message: "Only src/extension may import vscode." }],
          patterns: [
            { group: ["@tensorflow/*"], message: "tfjs runs in the trainer process, never in the CLI." },
            { group: ["**/trainer/**"], message: "Run the trainer through src/runner (a child process)." },
            throughFacade,
          ],
        },
      ],
    },
  },
  {
    // The trainer process: no vscode, nothing from the parents that start it; the core through its façade.
    files: ["src/trainer/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "vscode", message: "Only src/extension may import vscode." }],
          patterns: [
            { group: ["**/extension/**", "**/cli/**", "**/runner/**", "**/webview/**"], message: "The trainer sits below them." },
            throughFacade,
          ],
        },
      ],
    },
  },
);
