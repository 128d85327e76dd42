import type { trainerTexts } from "../en/trainer";

/** Spanish texts of why the trainer refuses a run before it starts (options and keys stay as typed). */
export const trainerTextsEs: { readonly [K in keyof typeof trainerTexts]: string } = {
  "trainer.modelErrors": "el modelo tiene {count} {count|error|errores}: {errors}",
  "trainer.layerName": "el nombre de capa '{name}' {problem}, así que no se puede entrenar aquí; cámbielo",
  "trainer.noDataset": 'el archivo de modelo no tiene un training.dataset con el que entrenar (por ejemplo, { "type": "mnist-sample" })',
  "trainer.oneInputOutput": "el entrenamiento necesita un modelo con una entrada y una salida",
  "trainer.modelOutput": "la salida {name} del modelo es {shape}",
  "trainer.oneRow": "el entrenamiento necesita una salida de una fila por muestra, (None, units), pero {output}",
  "trainer.categoricalOneUnit":
    "{loss} necesita una salida de una unidad por clase, al menos 2, pero {output}; para dos clases, use 2 unidades con softmax, o 1 unidad con sigmoid y binaryCrossentropy",
  "trainer.floatLabels":
    "las etiquetas del conjunto de datos son números de coma flotante, uno por muestra, leídos como objetivos (None, 1), pero {output}: las etiquetas de clase deben ser enteros (en NumPy, y.astype(np.int64))",
  "trainer.targets": "los objetivos del conjunto de datos son {targets}, pero {output}",
  "trainer.classes": "el conjunto de datos tiene {count} clases ({names}), pero {output}: dé a {name} {count} unidades, una por clase",
  "trainer.yesNoLabel":
    "el conjunto de datos tiene la etiqueta {label}, pero {output}: una unidad, una salida de sí o no, admite las etiquetas 0 y 1",
  "trainer.classLabel": "el conjunto de datos tiene la etiqueta {label}, pero {output}: {units} clases, etiquetas 0–{last}",
  "trainer.runsFolder": "no se puede crear la carpeta de la ejecución: {reason}",
  "trainer.sizes": "{train} muestras de entrenamiento, {validation} de validación y {test} de prueba",
  "trainer.allSamples": "todas las muestras",
  "trainer.someSamples": "--samples {samples}",
  "trainer.resumeSamples":
    "la ejecución '{run}' entrenó con {before}; reanúdela con las mismas muestras (o sin --samples), no con --samples {samples}",
  "trainer.resumeData":
    "la ejecución '{run}' entrenó con {before}, pero su conjunto de datos da ahora {now}: reanúdela con los datos que tenía (el archivo de modelo que la acompaña nombra su conjunto de datos)",
  "trainer.resumeSteps":
    "la ejecución '{run}' no registra los datos con los que entrenó (no tiene environment.json), y su punto de control dio {steps} pasos en {epochs} {epochs|época|épocas}, no los {per} por época que da ahora su conjunto de datos ({now}): reanúdela con los datos que tenía (el --samples con el que se entrenó)",
  "trainer.allEpochsDone":
    "la ejecución '{run}' ya ha entrenado sus {epochs} épocas; para seguir entrenando, reanúdela con más épocas (--epochs {more})",
  "trainer.epochsDone": "la ejecución '{run}' ya ha entrenado {done} {done|época|épocas}; indique en --epochs más de {done}",
  "trainer.unknownBackend": "backend desconocido '{backend}': use uno de {backends}",
  "trainer.backendUnusable": "no se puede usar el backend '{backend}': {reason}",
  "trainer.distributedBackend": "el entrenamiento distribuido se ejecuta con el backend pytorch (torch.distributed), no con '{backend}'",
  "trainer.processCount": "el entrenamiento distribuido necesita un número entero de procesos, al menos 1, no {value}",
  "trainer.shareBatches":
    "{processes} procesos no pueden repartirse lotes de {batch} muestras: use como mucho {batch} procesos, o un batchSize mayor",
  "trainer.shareBatchesMachines":
    "{processes} procesos ({each} en cada una de las {machines} máquinas) no pueden repartirse lotes de {batch} muestras: use como mucho {batch} procesos, o un batchSize mayor",
  "trainer.machinesNeedDistribute": "entrenar en varias máquinas es entrenamiento distribuido: indique también distribute",
  "trainer.machineCount": "el número de máquinas debe ser un número entero, al menos 1, no {value}",
  "trainer.endpoint": "el punto de encuentro (rendezvous) debe ser HOST:PUERTO, el mismo en todas las máquinas, no '{endpoint}'",
  "trainer.endpointPort": "el puerto del punto de encuentro (rendezvous) debe ser de 1 a 65535, no {port} ('{endpoint}')",
  "trainer.rendezvousId": "el id del punto de encuentro (rendezvous) solo puede contener letras, dígitos, '.', '_' o '-', no '{id}'",
  "trainer.rendezvousHost":
    "el host del punto de encuentro '{host}' no tiene dirección aquí ({found}): indique el nombre o la dirección de una de las máquinas",
  "trainer.stoppedBeforeTraining": "detenido antes de empezar a entrenar: no se ha entrenado nada",
  "trainer.stoppedWaiting": "detenido mientras esperaba a las otras máquinas: aquí no se ha entrenado nada",
  "trainer.initialWeights": "training.initialWeights: {reason}",
  "trainer.recipeImageFolder":
    "el script independiente de PyTorch aún no lee carpetas de imágenes: entrene con `cnn-designer train` (--distribute para torch.distributed)",
  "trainer.recipeAdapt":
    "la capa Normalization {layer} aprende sus estadísticas del conjunto de entrenamiento (adapt de Keras), cosa que el script independiente de PyTorch aún no hace: indique su media y su varianza, o entrene con `cnn-designer train`",
  "trainer.recipeModule": "el modelo no se puede construir en PyTorch: {problem}",
  "trainer.resumeNoFolder": "no se puede reanudar '{run}': no existe esa carpeta",
  "trainer.resumeFile": "no se puede reanudar '{run}': es un archivo, no la carpeta de una ejecución",
  "trainer.resumeNotRun": "no se puede reanudar '{run}': no es la carpeta de una ejecución (no tiene {model} ni {status})",
  "trainer.resumeRunning": "no se puede reanudar '{run}': aún está entrenando (proceso {pid} en {host}); deténgala antes",
  "trainer.resumeNoCheckpoint":
    "no se puede reanudar '{run}': terminó ({state}) antes de acabar su primera época, así que no tiene un punto de control desde el que seguir; entrene el modelo de nuevo",
  "trainer.resumeCannot": "no se puede reanudar '{run}': {reason}",
  "trainer.resumeNoWeight": "no se puede reanudar '{run}': su punto de control no tiene el peso {weight} con forma {shape}",
  "trainer.memory":
    "el entrenamiento necesita unos {needed} en {trainer} (pesos, gradientes, estado de {optimizer} y activaciones con lotes de {batch}), más de {where}; reduzca el modelo o el lote",
  "trainer.memoryFits":
    "el entrenamiento necesita unos {needed} en {trainer} (pesos, gradientes, estado de {optimizer} y activaciones con lotes de {batch}), más de {where}; reduzca el modelo o el lote (cabe un lote de {fits})",
  "trainer.shareOf": "{batch} (la parte de {step} que corresponde a cada proceso)",
  "trainer.gpuMemory": "los {size} de la GPU",
  "trainer.machineMemory": "los {size} de memoria de esta máquina",
  "trainer.memberRank":
    "Esta máquina ejecuta el proceso (rank) {first} de {processes}, en {machines} máquinas; el entrenador de {lead} escribe la ejecución y muestra su progreso",
  "trainer.memberRanks":
    "Esta máquina ejecuta los procesos (ranks) {first}–{last} de {processes}, en {machines} máquinas; el entrenador de {lead} escribe la ejecución y muestra su progreso",
  "trainer.diverged":
    "{where}; el entrenamiento se detuvo (TerminateOnNaN): {kept}. Una tasa de aprendizaje menor, o entradas escaladas a valores pequeños, suelen resolverlo",
  "trainer.divergedKept": "la última época buena, {epoch}, se conserva en checkpoints/last.json",
  "trainer.divergedNothing": "ninguna época terminó antes, así que no hay punto de control",
  "trainer.failed": "el entrenamiento falló: {error}",
  "trainer.failedInPytorch": "el entrenamiento falló en PyTorch: {error}",
  "trainer.lastWordsInLog": "{failure} (el registro de la ejecución contiene la última salida de Python)",
  "trainer.lastWordsAbove": "{failure} (arriba está la última salida de Python)",
  "trainer.deviceMemory": "el dispositivo se quedó sin memoria ({error}): reduzca el tamaño del lote o del modelo, o libere la GPU",
  "trainer.wasmMemory":
    "el modelo y el lote necesitan más memoria de la que tiene el backend WebAssembly (4 GB como máximo): reduzca el tamaño del lote o de las capas, o entrene con el backend tensorflow (Instalar backend de GPU, o tfjs-node)",
  "trainer.notSaved": "no se pudo guardar la ejecución: {error}",
  "trainer.lastCheckpoint": "{failure}; el último punto de control (época {epoch}) está en checkpoints/last.json",
  "trainer.notInPytorch": "el modelo no se puede construir en PyTorch: {problem}; entrénelo con otro backend (--backend wasm)",
};
