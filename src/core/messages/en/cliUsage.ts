/** The `cnn-designer --help` text in English (one message: a translator reads it whole). */
export const cliUsageTexts = {
  "cli.usage": `Usage: cnn-designer <command> [options]

Commands:
  summary FILE [--json] [--batch-size N] [--optimizer NAME] [--device-memory GB]
                        Keras-style summary of a *.cnn.json model (--json: machine-readable);
                        --device-memory: the largest batch that fits, and a warning when the batch does not
  check FILE... [--device-memory GB]
                        Diagnostics as file:line:col: severity: message (--device-memory: with the
                        warning when a model's batch does not fit)
  diff A B | diff FILE [--rev REV] [--json | --markdown] [--exit-code] [--batch-size N]
                        Added, removed and changed layers with the change in parameters, MACs, memory and
                        receptive field, and the layers downstream it affects; A or B may be REV:PATH (a git
                        revision's version); one FILE: its version at REV (default HEAD) against the file;
                        --markdown: for a pull-request comment; --exit-code: 1 when the models differ
  diagram FILE [-o OUT.svg|OUT.png [--force]] [--style cards|volume] [--theme light|dark] [--collapse]
      [--hide TYPE,…] [--scale N]
                        The model's diagram, laid out as the designer lays it out (SVG on stdout without -o):
                        cards with each layer's type, shape and parameters, or volumes (each output a block,
                        log-scaled); --collapse: models used as layers folded, repeated blocks drawn once
                        (×N); --hide: layer types left out (BatchNormalization,ReLU); --scale: a PNG's
                        pixels per SVG pixel (default 2)
  schema [-o FILE [--force]]
                        The JSON Schema of *.cnn.json files
  train FILE [--epochs N] [--samples N] [--backend NAME] [--json] [--runs-dir DIR] [--module-path DIR]…
      [--python PATH] [--gpu N] [--resume RUN_DIR]
      [--distribute [--nproc-per-node N] [--nnodes N --rdzv-endpoint HOST[:PORT] [--rdzv-id ID]]]
                        Train the model on its training.dataset (backends: pytorch, tensorflow-gpu,
                        tensorflow, wasm, cpu; the fastest that works unless --backend); --python: the
                        interpreter with torch; --gpu: the CUDA device; --resume: go on from a run's last
                        checkpoint, in its folder (--epochs: to train on); --distribute: torch.distributed
                        under torchrun, N processes (default 2) on this machine, on each of --nnodes
                        machines meeting at --rdzv-endpoint (the one with rank 0 writes the run);
                        --json: one event per line
  doctor [--json] [--python PATH] [--gpu N] [--module-path DIR]…
                        Check the training backends: which run here, on what device and versions, and
                        for each that cannot, the fix (run in a process of its own)
  export FILE --format keras|h5|keras3|onnx|pytorch|pytorch-train|tfjs [--run RUN_DIR [--checkpoint final|last|best]]
         [--distribute] -o OUT [--force]
                        A Keras script (--distribute: MultiWorkerMirroredStrategy), a Keras .h5 or .keras
                        file (h5, keras3: --run required), an ONNX model, a PyTorch module or a TF.js
                        model.json; --run: with the run's trained weights (h5, keras3, onnx: inside;
                        pytorch, tfjs: written beside OUT as OUT's name + .weights.bin): its final model, or
                        its last checkpoint when it ended before writing one; --checkpoint picks;
                        pytorch-train: a folder OUT with a standalone training (train.py, for python or
                        torchrun) that writes a run folder
  import FILE [-o OUT.cnn.json] [--weights FILE] [--weights-run DIR] [--force]
                        A Keras .h5 or .keras file, an ONNX file, a model.to_json() file (Keras 2 or 3)
                        or a TF.js model.json as a model file (default: FILE's name + .cnn.json, beside
                        it); the file's weights (or --weights, a save_weights .h5 for a JSON topology)
                        become a run of it, in .cnn-runs beside OUT or in --weights-run DIR (a new or
                        empty folder)

Outputs: an existing file is replaced only with --force; an input, or a file in a training run's folder, never.
Every file is written to a temporary file first and renamed, so a failure leaves the old file whole.

Training: Ctrl+C stops at the next batch end and saves the run; a second Ctrl+C stops as soon as the trainer
can, saving what was trained without the evaluation; a third ends it (the run keeps its last checkpoint).

Exit status: 0 no errors (train: trained), 1 errors in a model (train: training failed; diff --exit-code: the
models differ), 2 unreadable file, bad usage (train: also a model or dataset to fix; export and import: a model
they cannot convert, with the reason; an output refused), 130 (143, 129) train stopped by Ctrl+C (SIGTERM, SIGHUP).

Messages follow the terminal's language (LC_ALL, LC_MESSAGES, LANG: es, es_ES.UTF-8 or any es_* is Spanish);
the model's file:line:col lines (check's, train's), diff's and diagram's output, --json and the Keras-style
summary stay in English, as tools and reviews read them.`,
} as const;
