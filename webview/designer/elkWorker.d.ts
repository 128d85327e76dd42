/** elkjs' layout worker script, as text (build.mjs provides it): started from a blob: URL, as webviews allow. */
declare module "elk-worker-source" {
  const source: string;
  export default source;
}
