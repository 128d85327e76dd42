/**
 * English texts of the training backends as the trainer finds them: what each runs on, why one cannot run, and
 * the fix the environment check gives. Versions, paths and the errors libraries print are arguments, as they are.
 */
export const backendTexts = {
  "backend.notInstalled": "not installed",
  "backend.notProbed": "not probed",
  "backend.failedToLoad": "failed to load: {error}",
  "backend.notTensorflow": "loaded, but its backend is '{backend}', not 'tensorflow'",
  "backend.noCuda": "no CUDA device visible to libtensorflow (see its CUDA and cuDNN requirements)",
  "backend.failedToInit": "failed to initialise",
  "backend.failedToInitWith": "failed to initialise: {error}",
  "backend.sideFailed": "tfjs, which prepares the model, {reason}",
  "backend.noneWorks": "no backend works: {reasons}",
  "backend.skippedOne": "{backend}: {reason}",
  "backend.noGpu": "there is no GPU {gpu}: PyTorch sees {seen}",
  "backend.noGpuVisible":
    "there is no GPU {gpu}: PyTorch sees {seen} (only those CUDA_VISIBLE_DEVICES={visible} leaves visible, renumbered from 0)",
  "backend.cudaDevices": "{count} CUDA {count|device|devices} ({devices})",
  "backend.noCudaDevice": "no CUDA device",

  "device.libtensorflowGpu": "GPU (CUDA) via libtensorflow",
  "device.libtensorflowCpu": "CPU: {cpu} via libtensorflow",
  "device.wasm": "CPU: {cpu}, WebAssembly (SIMD) with CNN Designer's convolution gradient kernels",
  "device.wasmThreads": "CPU: {cpu}, WebAssembly (SIMD, {threads} threads) with CNN Designer's convolution gradient kernels",
  "device.javascript": "CPU: {cpu}, plain JavaScript",
  "device.unknownCpu": "unknown CPU",
  "device.cuda": "GPU {index}: {name} ({gib} GiB, compute capability {capability}), CUDA {cuda}, cuDNN {cudnn}, {library}",
  "device.mps": "Apple GPU (MPS), {library}",
  "device.torchCpu": "CPU: {threads} threads, {library}",

  "probe.stopped": "stopped while probing",
  "probe.noAnswer": "'{python}' did not answer within 60 s",
  "probe.noPython": "no Python at '{python}' (set cnnDesigner.training.python, or --python, to an interpreter with torch)",
  "probe.notPython": "'{python}' is not a Python that answered the probe (it said: {said})",
  "probe.exited": "'{python}' is not a Python that answered the probe (it exited with status {code} and no answer)",
  "probe.noTorch":
    "torch is not installed for {python} (pip install torch, or set cnnDesigner.training.python, or --python, to an interpreter that has it)",
  "probe.noNumpy": "numpy is not installed for {python} (pip install numpy)",
  "probe.torchFails": "torch does not load in {python}: {error}",
  "probe.noVersion": "'{python}' answered the probe without torch's version",
  "probe.tooOld": "torch {torch} in {python} is older than {minimum} (pip install --upgrade torch)",

  "smi.notFound": "not found (no NVIDIA driver installed)",
  "smi.failed": "failed: {error}",

  "fix.installPython": "install Python 3 with PyTorch ≥ 1.13, then set cnnDesigner.training.python (or --python) to that interpreter",
  "fix.installTorch": "{command} (for a CUDA build, see pytorch.org/get-started/locally)",
  "fix.run": "run {command}",
  "fix.checkImport": "check that this interpreter imports torch: python -c 'import torch'",
  "fix.cpuOnlyTorch":
    "this torch {torch} is a CPU-only build, but nvidia-smi sees {gpu}: install a CUDA build of torch (pytorch.org/get-started/locally)",
  "fix.cudaDriver":
    "torch {torch} was built for CUDA {cuda} but cannot use {gpu} ({problem}): install an NVIDIA driver that supports CUDA {cuda}",
  "fix.noDevice": "no device",
  "fix.installGpuBackend":
    "CNN Designer: Install GPU Backend (tfjs-node-gpu 4.22 needs CUDA 11.2 and cuDNN 8.1); on a newer CUDA, the pytorch backend trains on the GPU",
  "fix.cuda11Libraries":
    "tfjs-node-gpu 4.22 needs CUDA 11.2's and cuDNN 8.1's libraries, which CUDA 12 systems lack: install them alongside CUDA 12's, or train on the GPU with the pytorch backend",
  "fix.checkDriver": "check the NVIDIA driver (nvidia-smi), or train on the GPU with the pytorch backend",
  "fix.installTfjsNode": "npm install @tensorflow/tfjs-node in a folder, and name it in cnnDesigner.training.modulePath (or --module-path)",
} as const;
