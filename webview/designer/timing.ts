/**
 * The designer's own timing, read by the UI suite and bench/designerVsCode as data attributes of `#app`: an
 * intent's round trip (intent → edit → analysis → render → the frame painted) as `data-round-trip-ms`, and a
 * ping's (the transport alone, the peer of an edit's) as `data-ping-ms`. The bench asks for a ping with the DOM
 * event `cnn-designer-ping`.
 */

/** Runs `then` once the next frame has been painted (a frame callback, then a task after it). */
function afterPaint(then: () => void): void {
  requestAnimationFrame(() => setTimeout(then, 0));
}

/** Times one kind of round trip into the data attribute `key` of `app`. */
export class Stopwatch {
  private since: number | undefined;

  constructor(
    private readonly app: HTMLElement,
    private readonly key: "roundTripMs" | "pingMs",
  ) {}

  /** The request left. */
  start(): void {
    this.since = performance.now();
    delete this.app.dataset[this.key];
  }

  /** Its answer is rendered: the time is written once the frame is painted. */
  stop(): void {
    const since = this.since;
    if (since === undefined) return;
    this.since = undefined;
    afterPaint(() => (this.app.dataset[this.key] = (performance.now() - since).toFixed(1)));
  }
}

/** The designer's stopwatches; `ping` posts a ping to the host. */
export function designerTiming(app: HTMLElement, ping: () => void): { intent: Stopwatch; ping: Stopwatch } {
  const timing = { intent: new Stopwatch(app, "roundTripMs"), ping: new Stopwatch(app, "pingMs") };
  window.addEventListener("cnn-designer-ping", () => {
    timing.ping.start();
    ping();
  });
  return timing;
}
