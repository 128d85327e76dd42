/** elkjs in a Web Worker: layouts run off the webview's main thread, one at a time, the newest request winning. */
import ELK, { type ELK as ElkApi, type ElkNode } from "elkjs/lib/elk-api.js";
import workerSource from "elk-worker-source";

/**
 * Runs ELK layouts in one long-lived worker (started from a blob: URL, the way webviews allow). A request that a
 * newer one superseded while it waited resolves to `undefined`, so a burst of edits lays out only the last model.
 */
export class Layouter {
  private readonly elk: ElkApi | undefined;
  private running = false;
  private waiting: { graph: ElkNode; resolve: (laidOut: ElkNode | undefined) => void } | undefined;

  constructor() {
    try {
      const url = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
      this.elk = new ELK({ workerFactory: () => new Worker(url) });
    } catch (e) {
      // Without a worker (a page whose policy forbids them) the provisional layout stays.
      console.warn("CNN Designer: no layout worker, graphs keep their quick layout:", e);
    }
  }

  /** Lays out `graph`; `undefined` when a newer request replaced it before it started, or ELK failed. */
  layout(graph: ElkNode): Promise<ElkNode | undefined> {
    if (!this.elk) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting?.resolve(undefined);
      this.waiting = { graph, resolve };
      this.next();
    });
  }

  private next(): void {
    if (this.running || !this.waiting || !this.elk) return;
    const { graph, resolve } = this.waiting;
    this.waiting = undefined;
    this.running = true;
    this.elk
      .layout(graph)
      .then(resolve, (e: unknown) => {
        console.error("CNN Designer: the graph layout failed:", e);
        resolve(undefined);
      })
      .finally(() => {
        this.running = false;
        this.next();
      });
  }
}
