import type { cliTexts } from "../en/cli";

/** Spanish texts of the `cnn-designer` command's own lines (options and file names stay as typed). */
export const cliTextsEs: { readonly [K in keyof typeof cliTexts]: string } = {
  "cli.noCommand": "no se ha indicado ningún comando (pruebe: cnn-designer summary ARCHIVO); consulte cnn-designer --help",
  "cli.unknownCommand": "comando desconocido '{command}'; consulte cnn-designer --help",
  "cli.unknownOption":
    "{command} no tiene la opción '{option}' (un ARCHIVO cuyo nombre empieza por '-' va después de '--'); consulte cnn-designer --help",
  "cli.optionNeedsValue": "{option} necesita un valor; consulte cnn-designer --help",
  "cli.optionValueDash": "{option} necesita un valor: '{value}' empieza por '-', así que escriba {option}={value}",
  "cli.optionTakesNoValue": "{option} no admite ningún valor; consulte cnn-designer --help",
  "cli.unexpectedArgument": "{command} no admite el argumento '{argument}'; consulte cnn-designer --help",
  "cli.internalError": "error interno: {message}",
  "cli.takesOneFile": "{command} admite exactamente un ARCHIVO; consulte cnn-designer --help",
  "cli.checkNeedsFile": "check necesita al menos un ARCHIVO; consulte cnn-designer --help",
  "cli.integerFlag": "{flag} debe ser un entero de 1 a {max}; se ha recibido '{value}'",
  "cli.oneOf": "{flag} debe ser uno de {allowed}; se ha recibido '{value}'",
  "cli.oneOfSuggest": "{flag} debe ser uno de {allowed}; se ha recibido '{value}'; ¿quería decir '{suggestion}'?",
  "cli.gigabytes":
    "{flag} debe ser un tamaño en GB de 1e-9 (un byte) a 1048576 (un petabyte), como 16 o 7.5 (con punto decimal, no coma); se ha recibido '{value}'",
  "cli.gpuIndex": "--gpu admite el índice de un dispositivo (0, 1 …); se ha recibido '{value}'",
  "cli.interrupted": "interrumpido ({signal}) cuando el comando ya había terminado; lo que escribió está completo",
  "cli.cannotPrint": "no se puede escribir en la salida estándar: {reason}",
  "cli.checked":
    "{files} {files|archivo comprobado|archivos comprobados}: {errors} {errors|error|errores}, {warnings} {warnings|advertencia|advertencias}{unreadable}",
  "cli.unreadable": "; {count} {count|archivo no se ha podido leer|archivos no se han podido leer}",
  "cli.diffJsonOrMarkdown": "diff admite --json o --markdown, no las dos",
  "cli.diffSides":
    "diff compara dos archivos de modelo (A B; cualquiera puede ser REV:RUTA) o un ARCHIVO [--rev REV]; consulte cnn-designer --help",
  "cli.diffRevWithTwo": "--rev va con un solo ARCHIVO (su versión en REV frente al archivo); con dos archivos, escriba uno como REV:RUTA",
  "cli.diagramOutput": "-o debe nombrar un archivo .svg o .png; se ha recibido '{value}'",
  "cli.diagramScale": "--scale debe ser un número de 0.25 a 8; se ha recibido '{value}'",
  "cli.diagramScaleForPng": "--scale es para un PNG (-o ARCHIVO.png)",
  "cli.diagramForce": "--force es para -o (reemplazar un archivo); sin -o, el SVG sale por la salida estándar",
  "cli.hideInput": "--hide no puede omitir las capas Input: un diagrama empieza en sus entradas",
  "cli.hideType": "--hide admite tipos de capa separados por comas; '{type}' no es un tipo de capa",
  "cli.hideTypeSuggest": "--hide admite tipos de capa separados por comas; '{type}' no es un tipo de capa (¿quería decir '{suggestion}'?)",
  "cli.noLayersToDraw": "{file} no tiene capas que dibujar",
  "cli.hideMissing": "nota: --hide {types}: el modelo no tiene ninguna capa de {count|ese tipo|esos tipos}",
  "cli.missingGlyphs": "nota: la fuente del diagrama (Inter) no tiene glifos para {glyphs}: se dibujan como recuadros",
  "cli.sameOutputs": "las salidas {outputs} son el mismo archivo",
  "cli.exportNeedsOutput": "export necesita -o SALIDA; consulte cnn-designer --help",
  "cli.exportNeedsFormat": "export necesita --format, uno de {allowed}; consulte cnn-designer --help",
  "cli.schemaForce": "--force es para -o (reemplazar un archivo); sin -o, el esquema sale por la salida estándar",
  "cli.exportNeedsFolder": "export necesita -o SALIDA (una carpeta, con --format pytorch-train)",
  "cli.trainingExportAlone":
    "--format pytorch-train no admite --run, --checkpoint ni --distribute: entrena desde los pesos iniciales del modelo",
  "cli.checkpointNeedsRun": "--checkpoint va con --run CARPETA_DE_EJECUCIÓN",
  "cli.distributeIsKeras": "--distribute va con --format keras",
  "cli.kerasScriptNoRun": "--run va con --format h5, keras3, onnx, pytorch o tfjs (el script de Keras entrena desde cero)",
  "cli.formatNeedsRun":
    "--format {format} escribe el modelo con sus pesos: indique una ejecución de este modelo con --run CARPETA_DE_EJECUCIÓN",
  "cli.cannotExport": "no se puede exportar: {reason}",
  "cli.exported": "{file} exportado en formato {format} a {output}",
  "cli.exportedWithWeights": "{file} exportado en formato {format} a {output} (con los pesos {run})",
  "cli.fromFinal": "del modelo final",
  "cli.fromImported": "de {name} (importado)",
  "cli.fromLast": "del último punto de control (época {epoch})",
  "cli.fromBest": "del mejor punto de control (época {epoch})",
  "cli.trainingFolderIsFile": "{output} es un archivo: --format pytorch-train escribe una carpeta",
  "cli.trainingFolderNotEmpty": "{output} no está vacía (--force escribe en ella)",
  "cli.recipeNotStarted": "no se ha podido iniciar el entrenador para escribir la receta: {reason}",
  "cli.recipeFailed": "el entrenador no ha podido escribir la receta: {reason}",
  "cli.exitStatus": "estado de salida {status}",
  "cli.exportedTraining": "{file} exportado como entrenamiento de PyTorch a {output}: python {script} (o torchrun … train.py)",
  "cli.weightsRun": "--weights-run: {reason}",
  "cli.noWeightsInFile":
    "--weights-run: '{file}' no contiene pesos (un archivo .h5 o .keras de Keras sí los contiene; o indique --weights ARCHIVO)",
  "cli.importWarning": "advertencia: {warning}",
  "cli.leftOut": "se omite (un ajuste que solo cambia el entrenamiento o los valores iniciales): {what}",
  "cli.imported": "{file} importado a {output}",
  "cli.weightsNotWritten":
    "se ha escrito el archivo de modelo, pero no sus pesos: {reason} (para importarlo de nuevo encima, añada --force)",
  "cli.importedWeights": "sus {count} valores de parámetros ({format}) se han guardado como la ejecución {run}",
  "cli.importedKerasWeights": "sus {count} valores de parámetros ({format}, Keras {version}) se han guardado como la ejecución {run}",
  "cli.matchedByPosition":
    "el archivo de pesos nombra sus capas de otra manera: se han emparejado por posición, como hace load_weights de Keras",
  "cli.rdzvNeedsNodes": "--rdzv-endpoint y --rdzv-id van con --nnodes 2 o más",
  "cli.nodesNeedEndpoint":
    "--nnodes necesita --rdzv-endpoint HOST:PUERTO, el mismo en todas las máquinas (HOST es una de ellas, con el puerto abierto)",
  "cli.endpointEmpty": "--rdzv-endpoint admite HOST o HOST:PUERTO",
  "cli.resumeEmpty": "--resume admite la carpeta de una ejecución",
  "cli.resumeNoRunsDir":
    "--runs-dir es donde van las ejecuciones nuevas: una ejecución reanudada sigue en su propia carpeta (indique solo --resume)",
  "cli.needsDistribute": "--{option} va con --distribute",
  "cli.runWritten": "Ejecución guardada en {folder}",
  "cli.stopEveryMachine":
    "Se detiene la ejecución en todas las máquinas; el entrenador de {lead} la evalúa y la guarda (pulse Ctrl+C otra vez para salir ya)…",
  "cli.leaveNow":
    "Se abandona la ejecución ahora mismo: los procesos (ranks) de las otras máquinas fallan, y la ejecución de {lead} conserva su último punto de control.",
  "cli.stopAtBatchEnd":
    "La ejecución se detendrá al final de este lote; después se evaluará y se guardará (pulse Ctrl+C otra vez para detenerla de inmediato)…",
  "cli.stopBeforeTraining": "Se detiene antes de empezar a entrenar: no se entrenará ni se escribirá nada…",
  "cli.stopSoon":
    "Se detendrá en cuanto el entrenador pueda y se guardará lo entrenado (pulse Ctrl+C otra vez para terminarlo de inmediato)…",
  "cli.endNow": "Se detiene el entrenador ahora mismo: la ejecución conserva su último punto de control.",
  "cli.killedAfterSignal": "detenido por {signal}: {reason} (no se detuvo en 10 s)",
};
