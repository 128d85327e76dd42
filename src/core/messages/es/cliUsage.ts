import type { cliUsageTexts } from "../en/cliUsage";

/** The `cnn-designer --help` text in Spanish (commands, options and their values stay as typed). */
export const cliUsageTextsEs: { readonly [K in keyof typeof cliUsageTexts]: string } = {
  "cli.usage": `Uso: cnn-designer <comando> [opciones]

Comandos:
  summary ARCHIVO [--json] [--batch-size N] [--optimizer NOMBRE] [--device-memory GB]
                        Resumen al estilo de Keras de un modelo *.cnn.json (--json: para máquinas);
                        --device-memory: el lote más grande que cabe, y una advertencia si el lote no cabe
  check ARCHIVO... [--device-memory GB]
                        Diagnósticos como archivo:línea:columna: gravedad: mensaje (--device-memory: con la
                        advertencia si el lote de un modelo no cabe)
  diff A B | diff ARCHIVO [--rev REV] [--json | --markdown] [--exit-code] [--batch-size N]
                        Capas añadidas, quitadas y cambiadas, con el cambio de parámetros, MACs, memoria y
                        campo receptivo, y las capas posteriores afectadas; A o B pueden ser REV:RUTA (la
                        versión de una revisión de git); con un ARCHIVO: su versión en REV (HEAD por omisión)
                        frente al archivo; --markdown: para un comentario en una pull request; --exit-code: 1
                        si los modelos difieren
  diagram ARCHIVO [-o SALIDA.svg|SALIDA.png [--force]] [--style cards|volume] [--theme light|dark] [--collapse]
      [--hide TIPO,…] [--scale N]
                        El diagrama del modelo, dispuesto como lo dispone el diseñador (SVG por la salida
                        estándar sin -o): tarjetas con el tipo, la forma y los parámetros de cada capa, o
                        volúmenes (cada salida, un bloque, en escala logarítmica); --collapse: los modelos
                        usados como capas, plegados, y los bloques repetidos, dibujados una vez (×N); --hide:
                        tipos de capa que se omiten (BatchNormalization,ReLU); --scale: píxeles de un PNG por
                        píxel del SVG (2 por omisión)
  schema [-o ARCHIVO [--force]]
                        El esquema JSON de los archivos *.cnn.json
  train ARCHIVO [--epochs N] [--samples N] [--backend NOMBRE] [--json] [--runs-dir CARPETA]
      [--module-path CARPETA]… [--python RUTA] [--gpu N] [--resume CARPETA_DE_EJECUCIÓN]
      [--distribute [--nproc-per-node N] [--nnodes N --rdzv-endpoint HOST[:PUERTO] [--rdzv-id ID]]]
                        Entrena el modelo con su training.dataset (backends: pytorch, tensorflow-gpu,
                        tensorflow, wasm, cpu; el más rápido que funcione, salvo con --backend); --python: el
                        intérprete con torch; --gpu: el dispositivo CUDA; --resume: sigue desde el último
                        punto de control de una ejecución, en su carpeta (--epochs: para seguir entrenando);
                        --distribute: torch.distributed con torchrun, N procesos (2 por omisión) en esta
                        máquina, en cada una de las --nnodes máquinas que se reúnen en --rdzv-endpoint (la
                        del proceso (rank) 0 escribe la ejecución); --json: un evento por línea
  doctor [--json] [--python RUTA] [--gpu N] [--module-path CARPETA]…
                        Comprueba los backends de entrenamiento: cuáles funcionan aquí, en qué dispositivo y
                        con qué versiones, y, para los que no, la solución (en un proceso propio)
  export ARCHIVO --format keras|h5|keras3|onnx|pytorch|pytorch-train|tfjs
      [--run CARPETA_DE_EJECUCIÓN [--checkpoint final|last|best]] [--distribute] -o SALIDA [--force]
                        Un script de Keras (--distribute: MultiWorkerMirroredStrategy), un archivo .h5 o
                        .keras de Keras (h5, keras3: --run obligatorio), un modelo ONNX, un módulo de PyTorch
                        o un model.json de TF.js; --run: con los pesos entrenados de la ejecución (h5,
                        keras3, onnx: dentro; pytorch, tfjs: junto a SALIDA, con su nombre + .weights.bin):
                        su modelo final, o su último punto de control si terminó antes de escribirlo;
                        --checkpoint elige cuál; pytorch-train: una carpeta SALIDA con un entrenamiento
                        independiente (train.py, para python o torchrun) que escribe una carpeta de ejecución
  import ARCHIVO [-o SALIDA.cnn.json] [--weights ARCHIVO] [--weights-run CARPETA] [--force]
                        Un archivo .h5 o .keras de Keras, un archivo ONNX, un archivo de model.to_json()
                        (Keras 2 o 3) o un model.json de TF.js como archivo de modelo (por omisión: el nombre
                        de ARCHIVO + .cnn.json, a su lado); los pesos del archivo (o de --weights, un .h5 de
                        save_weights para una topología JSON) pasan a ser una ejecución suya, en .cnn-runs
                        junto a SALIDA o en --weights-run CARPETA (nueva o vacía)

Salidas: un archivo existente solo se reemplaza con --force; una entrada, o un archivo de la carpeta de una
ejecución de entrenamiento, nunca. Cada archivo se escribe primero en un archivo temporal y se renombra, así que un
fallo deja entero el archivo anterior.

Entrenamiento: Ctrl+C detiene el entrenamiento al final del lote y guarda la ejecución; un segundo Ctrl+C lo
detiene en cuanto el entrenador puede, guardando lo entrenado sin la evaluación; un tercero termina el entrenador
(la ejecución conserva su último punto de control).

Estado de salida: 0 sin errores (train: entrenado), 1 errores en un modelo (train: el entrenamiento falló; diff
--exit-code: los modelos difieren), 2 archivo ilegible o uso incorrecto (train: también un modelo o un conjunto de
datos que corregir; export e import: un modelo que no pueden convertir, con el motivo; una salida rechazada), 130
(143, 129) train detenido con Ctrl+C (SIGTERM, SIGHUP).

Los mensajes siguen el idioma del terminal (LC_ALL, LC_MESSAGES, LANG: con es, es_ES.UTF-8 o cualquier es_*, en
español); las líneas archivo:línea:columna del modelo (las de check y train), la salida de diff y de diagram,
--json y el resumen al estilo de Keras quedan en inglés, como los leen las herramientas y las revisiones.`,
};
