/**
 * The one door from a webview to its host: VS Code's `acquireVsCodeApi()`, typed by the messages a webview
 * sends and the state it keeps. VS Code allows one acquisition per page, so each webview calls this once.
 */

/** What a webview may do with its host: post messages of type `M`, keep state of type `S` across reloads. */
export interface HostApi<M, S = never> {
  postMessage(message: M): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi(): HostApi<unknown, unknown>;

/** The host of this webview, typed by its messages `M` and state `S`. */
export function connectToHost<M, S = never>(): HostApi<M, S> {
  return acquireVsCodeApi() as HostApi<M, S>;
}
