import type { backendTexts } from "../en/backends";

/** Spanish texts of the training backends: what each runs on, why one cannot run, and the fix (commands as typed). */
export const backendTextsEs: { readonly [K in keyof typeof backendTexts]: string } = {
  "backend.notInstalled": "no está instalado",
  "backend.notProbed": "no se ha sondeado",
  "backend.failedToLoad": "no se pudo cargar: {error}",
  "backend.notTensorflow": "se cargó, pero su backend es '{backend}', no 'tensorflow'",
  "backend.noCuda": "libtensorflow no ve ningún dispositivo CUDA (consulte sus requisitos de CUDA y cuDNN)",
  "backend.failedToInit": "no se pudo inicializar",
  "backend.failedToInitWith": "no se pudo inicializar: {error}",
  "backend.sideFailed": "tfjs, que prepara el modelo, {reason}",
  "backend.noneWorks": "ningún backend funciona: {reasons}",
  "backend.skippedOne": "{backend}: {reason}",
  "backend.noGpu": "no existe la GPU {gpu}: PyTorch ve {seen}",
  "backend.noGpuVisible":
    "no existe la GPU {gpu}: PyTorch ve {seen} (CUDA_VISIBLE_DEVICES={visible} limita los dispositivos visibles y los renumera desde 0)",
  "backend.cudaDevices": "{count} {count|dispositivo|dispositivos} CUDA ({devices})",
  "backend.noCudaDevice": "ningún dispositivo CUDA",

  "device.libtensorflowGpu": "GPU (CUDA) mediante libtensorflow",
  "device.libtensorflowCpu": "CPU: {cpu} mediante libtensorflow",
  "device.wasm": "CPU: {cpu}, WebAssembly (SIMD) con los kernels de gradiente de convolución de CNN Designer",
  "device.wasmThreads": "CPU: {cpu}, WebAssembly (SIMD, {threads} hilos) con los kernels de gradiente de convolución de CNN Designer",
  "device.javascript": "CPU: {cpu}, JavaScript puro",
  "device.unknownCpu": "CPU desconocida",
  "device.cuda": "GPU {index}: {name} ({gib} GiB, capacidad de cómputo {capability}), CUDA {cuda}, cuDNN {cudnn}, {library}",
  "device.mps": "GPU de Apple (MPS), {library}",
  "device.torchCpu": "CPU: {threads} hilos, {library}",

  "probe.stopped": "detenido durante el sondeo",
  "probe.noAnswer": "'{python}' no respondió en 60 s",
  "probe.noPython": "no hay Python en '{python}' (asigne a cnnDesigner.training.python, o a --python, un intérprete con torch)",
  "probe.notPython": "'{python}' no es un Python que haya respondido al sondeo (dijo: {said})",
  "probe.exited": "'{python}' no es un Python que haya respondido al sondeo (terminó con el estado de salida {code}, sin responder)",
  "probe.noTorch":
    "torch no está instalado para {python} (pip install torch, o asigne a cnnDesigner.training.python, o a --python, un intérprete que lo tenga)",
  "probe.noNumpy": "numpy no está instalado para {python} (pip install numpy)",
  "probe.torchFails": "torch no se carga en {python}: {error}",
  "probe.noVersion": "'{python}' respondió al sondeo sin la versión de torch",
  "probe.tooOld": "torch {torch} en {python} es anterior a {minimum} (pip install --upgrade torch)",

  "smi.notFound": "no se encuentra (no hay ningún controlador de NVIDIA instalado)",
  "smi.failed": "falló: {error}",

  "fix.installPython": "instale Python 3 con PyTorch ≥ 1.13 y asigne ese intérprete a cnnDesigner.training.python (o a --python)",
  "fix.installTorch": "{command} (para una compilación con CUDA, consulte pytorch.org/get-started/locally)",
  "fix.run": "ejecute {command}",
  "fix.checkImport": "compruebe que este intérprete importa torch: python -c 'import torch'",
  "fix.cpuOnlyTorch":
    "este torch {torch} es una compilación solo para CPU, pero nvidia-smi ve {gpu}: instale una compilación de torch con CUDA (pytorch.org/get-started/locally)",
  "fix.cudaDriver":
    "torch {torch} se compiló para CUDA {cuda}, pero no puede usar {gpu} ({problem}): instale un controlador de NVIDIA compatible con CUDA {cuda}",
  "fix.noDevice": "ningún dispositivo",
  "fix.installGpuBackend":
    "CNN Designer: Instalar backend de GPU (tfjs-node-gpu 4.22 necesita CUDA 11.2 y cuDNN 8.1); con un CUDA más reciente, el backend pytorch entrena en la GPU",
  "fix.cuda11Libraries":
    "tfjs-node-gpu 4.22 necesita las bibliotecas de CUDA 11.2 y de cuDNN 8.1, que los sistemas con CUDA 12 no tienen: instálelas junto a las de CUDA 12, o entrene en la GPU con el backend pytorch",
  "fix.checkDriver": "compruebe el controlador de NVIDIA (nvidia-smi), o entrene en la GPU con el backend pytorch",
  "fix.installTfjsNode":
    "ejecute npm install @tensorflow/tfjs-node en una carpeta e indíquela en cnnDesigner.training.modulePath (o en --module-path)",
};
