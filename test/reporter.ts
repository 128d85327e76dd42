/** Mocha's spec reporter, closing with a plain `N passed, N failed` line that CI logs can read. */
import * as Mocha from "mocha";

class Reporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats;
      const skipped = s?.pending ? `, ${s.pending} skipped` : "";
      console.log(`${s?.passes ?? 0} passed, ${s?.failures ?? 0} failed${skipped}`);
    });
  }
}

export = Reporter;
