import type { interopTexts } from "../en/interop";

/** Spanish texts of the interop room: why an export or an import is refused. */
export const interopTextsEs: { readonly [K in keyof typeof interopTexts]: string } = {
  "export.fixFirst": "el modelo tiene {count} {count|error|errores} que corregir antes: {first}",
  "export.layerRefused": "{layer}: {problem}",
  "export.onnxTooLarge":
    "los {params} parámetros del modelo ocupan {bytes}, pero un archivo ONNX es un único mensaje protobuf, cuyo límite es de 2 GB; expórtelo como módulo de PyTorch o script de Keras y conviértalo con datos externos (onnx.save(..., save_as_external_data=True))",
  "export.transposeUnknown": "Conv2DTranspose necesita tamaños de entrada conocidos para exportarse",
  "export.tfjsPreprocessing":
    "{layer}: Resizing y CenterCrop de tfjs-layers calculan de forma distinta a los de Keras (su Resizing alinea las esquinas y su CenterCrop muestrea en vez de recortar), así que un model.json predeciría mal; exporte a ONNX (onnxruntime-web lo ejecuta en un navegador), o redimensione las imágenes antes del modelo",
  "export.tfjsNormalization":
    "{layer}: tfjs-layers no tiene capa Normalization, así que un model.json no cargaría; exporte a ONNX (onnxruntime-web lo ejecuta en un navegador), o estandarice las entradas antes del modelo",
  "export.tfjsOutputPadding":
    "{layer}: Conv2DTranspose de tfjs-layers no tiene outputPadding, así que un model.json cargaría con otra forma de salida; exporte a ONNX, o rellene con una capa ZeroPadding2D en su lugar",
  "export.kerasExtension":
    "load_model de Keras solo lee {what} de un archivo llamado *{ext}: use el nombre {name} para el archivo de salida",
  "export.anHdf5Model": "un modelo HDF5",
  "export.aKerasArchive": "un modelo .keras",
  "export.h5Extensions": ".h5 o .hdf5",
  "export.holdsSlash": "contiene una '/'",
  "export.resizingCrop": "Resizing con cropToAspectRatio",
  "export.needsSizes": "{type} necesita tamaños de entrada conocidos para exportarse",
  "export.onnxNormAxis": "{kind}Normalization sobre el eje {axis} (la exportación solo normaliza el eje de los canales)",
  "export.torchNormAxis": "{kind}Normalization sobre el eje {axis} (la exportación a PyTorch solo normaliza el eje de los canales)",
  "export.torchBatchNormRank5": "BatchNormalization sobre una entrada de rango 5",
  "export.weightsCount": "los pesos de la ejecución contienen {values} valores; su manifiesto enumera {listed}",
  "export.runMissingWeight": "la ejecución no tiene el peso {weight}",
  "export.runWeightShape": "el peso {weight} de la ejecución tiene forma [{shape}]; el modelo necesita [{needs}]",
  "export.runStrayWeight": "el peso {weight} de la ejecución no pertenece a ninguna capa de este modelo",
  "export.tfjsName": "el nombre de capa '{name}' {problem}; cámbielo",
  "export.needsRun":
    "un archivo {format} de Keras contiene los pesos del modelo: elija una ejecución de este modelo para exportar (entrénelo, o importe un modelo con sus pesos)",
  "export.kerasActivation":
    "{layer}: la activación {activation} no tiene un nombre que Keras lea de un archivo guardado (use gelu, o la exportación como script de Keras)",
  "weights.outside": "el manifiesto de pesos nombra el archivo {path}, fuera de la carpeta de la ejecución",
  "weights.badWeight": "el manifiesto de pesos tiene un peso sin nombre ni forma de enteros: {weight}",
  "weights.dtype": "el peso {name} es {dtype}; las ejecuciones guardan pesos float32",
  "weights.none": "el model.json de la ejecución no enumera pesos",
  "weights.notJson": "el model.json de la ejecución no es JSON: {error}",
  "import.notKeras":
    "no es un modelo de Keras ni de TF.js: se esperaba una configuración de model.to_json() o un model.json con modelTopology",
  "import.graphModel":
    "un modelo de grafo de TF.js (convertido de un SavedModel o de un grafo congelado) contiene operaciones, no capas de Keras: convierta el modelo de Keras con tensorflowjs_converter --output_format=tfjs_layers_model, o guarde su arquitectura con model.to_json()",
  "import.noLayerList": "la configuración {className} no tiene lista de capas",
  "import.notModelClass": "no es un modelo de Keras: su class_name es {className} (se esperaba Sequential o un Model funcional)",
  "import.noLayers": "el modelo {className} no tiene capas",
  "import.keras1":
    "no se puede importar un modelo de Keras 1 ({layers}): cárguelo en Keras 2, que convierte los archivos de Keras 1 (model_from_json, o load_model para un .h5), guárdelo de nuevo con model.save() o model.to_json() e importe eso",
  "import.keras1Th":
    'no se puede importar un modelo de Keras 1 con el orden de canales primero de Theano (dim_ordering "th"; {layers}): cárguelo en Keras 2, que convierte los archivos de Keras 1, y expórtelo a ONNX con tf2onnx, cuya importación lo pasa a canales al final con sus pesos convertidos',
  "import.channelsFirst":
    'no se puede importar un modelo con los canales primero (data_format "channels_first", la disposición heredada de Theano, en {layers}): los modelos de CNN Designer llevan los canales al final, lo que cambia la disposición de la entrada y el orden de Flatten; expórtelo a ONNX con tf2onnx, cuya importación lo pasa a canales al final con sus pesos convertidos, o reconstrúyalo en Keras con los canales al final',
  "import.refused": "no se puede importar: {reasons}",
  "import.unsupported": "{count} {count|capa|capas} de un tipo que CNN Designer no admite: {layers}",
  "import.invalid": "ajustes no válidos: {settings}",
  "import.unrepresentable": "ajustes que CNN Designer no puede representar: {settings}",
  "import.doesNotCheck": "el modelo importado no pasa la comprobación: {errors}",
  "import.nameNotString": "capa {index} ({className}): su nombre es {name}, no una cadena",
  "import.invalidSetting": "{layer} ({type}): {problem}",
  "import.inFile": "'{file}': {problem}",
  "import.onnxEmpty": "el archivo ONNX no contiene ningún grafo de operaciones",
  "import.onnxTooLarge": "el grafo ONNX tiene {count} operaciones, más de las {max} que puede tener una CNN importada",
  "import.onnxTwice": "el grafo ONNX produce el tensor {name} dos veces; un grafo válido produce cada uno una vez",
  "import.onnxInputs": "el modelo ONNX tiene {count} entradas; solo se importan modelos con una entrada",
  "import.onnxInput":
    "la entrada del modelo ONNX tiene rango {rank}; solo se leen imágenes (N, C, H, W) y vectores de características (N, F)",
  "import.onnxRefused": "no se puede importar: {count} {count|operación|operaciones} que CNN Designer no puede representar: {ops}",
  "import.weightsOtherModel":
    "los pesos del archivo pertenecen a {count} {count|capa|capas} de otro modelo ({theirs}), no a las {layers} {layers|capa|capas} con pesos del modelo ({ours})",
  "import.weightsMissing": "el archivo no contiene pesos para la capa {layer}, que los necesita",
  "import.weightsCount": "el archivo contiene {count} {count|peso|pesos} para la capa {layer}; necesita {needs}",
  "import.weightOrder": "capa {layer}: el archivo da {found} donde va su {weight}",
  "import.weightShape": "capa {layer}: el peso {weight} del archivo tiene forma [{shape}]; el modelo necesita [{needs}]",
  "import.weightsStray": "el archivo contiene pesos para {layer}, que no es una capa del modelo",
};
