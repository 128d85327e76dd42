import type { analysisTexts } from "../en/analysis";

/** Spanish texts of the analysis room: the model file's structure and its graph. */
export const analysisTextsEs: { readonly [K in keyof typeof analysisTexts]: string } = {
  "layer.says": "{layer}: {problem}",
  "model.root": 'un archivo de modelo es un objeto JSON con "version" y "layers"; es {value}',
  "model.empty": 'el archivo de modelo está vacío: se esperaba { "version": 1, "layers": [ … ] }',
  "model.unknownProperty": "propiedad desconocida '{key}'{hint}",
  "model.missingVersion": 'falta "version": {version}',
  "model.version": "versión de formato {value} no admitida; este CNN Designer lee la versión {version}",
  "model.string": "'{key}' debe ser una cadena; es {value}",
  "model.training": "'training' debe ser un objeto; es {value}",
  "model.missingLayers": 'falta "layers": una lista de capas que empiece por una capa Input',
  "model.layersList": "'layers' debe ser una lista; es {value}",
  "model.noLayers": 'el modelo aún no tiene capas: añada primero una capa Input ({ "type": "Input", "shape": [...] })',
  "model.namesList": "'{key}' debe ser una lista de nombres de capas; es {value}",
  "model.namesEntry": "los elementos de '{key}' deben ser nombres de capas; uno es {value}",
  "model.duplicateName": "nombre de capa repetido '{name}' (la capa {first} también lo tiene)",
  "model.modelName": "el nombre del modelo",
  "model.layerName": "el nombre de capa",
  "model.controlCharacter":
    "{what} '{name}' contiene el carácter de control {character} (en la posición {index}), que los terminales y los editores interpretan en vez de mostrarlo; use caracteres imprimibles",
  "model.tfjsReserved": "es un nombre que tiene todo objeto de JavaScript, y TF.js no puede cargarlo",
  "model.tfjsCharacters":
    "no es un nombre que TF.js acepte (letras ASCII, dígitos, '.', '-' y '_', y que empiece por una letra o un dígito)",
  "layer.notObject": 'la capa {index} debe ser un objeto como { "type": "Conv2D", … }; es {value}',
  "layer.noType": 'la capa {index} no tiene "type"',
  "layer.typeName": "capa {index}: 'type' debe ser el nombre de un tipo de capa; es {value}",
  "layer.unknownType": "tipo de capa desconocido '{type}'{hint}",
  "layer.nameString": "capa {index}: 'name' debe ser una cadena no vacía; es {value}",
  "layer.nameSlash": "el nombre de capa '{name}' contiene '/', que Keras no permite",
  "layer.nameTfjs":
    "el nombre de capa '{name}' {problem}: el entrenamiento aquí y la exportación a TF.js lo rechazan (Keras 3, PyTorch y ONNX lo aceptan); cambie el nombre de la capa",
  "layer.trainable": "'trainable' debe ser true o false; es {value}",
  "layer.group": "'group' debe ser el nombre de un modelo (una cadena no vacía); es {value}",
  "layer.noParameter": "{type} no tiene el parámetro '{key}'{hint}",
  "hint.noParameters": "; {type} no tiene parámetros",
  "layer.needsParameter": "{type} necesita '{key}': {doc}",
  "graph.noLayerNamed": "ninguna capa se llama '{name}'{hint}",
  "graph.ownInput": "una capa no puede ser su propia entrada",
  "graph.noInput": 'la primera capa no tiene entrada: empiece con { "type": "Input", "shape": [...] } o indique "inputs"',
  "graph.inputTakesNone": "una capa Input no recibe entradas",
  "graph.oneInput": "{type} admite una sola entrada y recibe {count}",
  "graph.oneInputMerge": "{type} admite una sola entrada y recibe {count}; combínelas antes con una capa de fusión como Add o Concatenate",
  "graph.mergeInputs": '{type} necesita al menos 2 entradas para fusionar y recibe {count}; indíquelas en "inputs"',
  "graph.onCycle": "en el ciclo",
  "graph.readsItself": "se lee a sí misma; ninguna capa del ciclo se puede calcular",
  "graph.cycle": "forma parte de un ciclo de {size} capas: {path}; ninguna capa del ciclo se puede calcular",
  "graph.outputsNoLayer": "'outputs' nombra una capa '{name}' que no existe{hint}",
  "graph.unusedInput": "ninguna capa usa esta capa Input",
  "graph.unreachable": "no lleva a ninguna de las salidas del modelo",
  "analysis.rankExact": "{type} espera una entrada de rango {rank} y recibe {shape}",
  "analysis.rankExactMeaning": "{type} espera una entrada de rango {rank} {meaning} y recibe {shape}",
  "analysis.rankAtLeast": "{type} espera una entrada de rango ≥ {rank} y recibe {shape}",
  "analysis.dimensionTooLarge":
    "su salida {shape} tiene una dimensión de {size}, más de los {max} que puede tener una dimensión de un tensor",
  "analysis.countsTooLarge": "su salida {shape} y sus recuentos son demasiado grandes para contarlos (más allá de 10³⁰⁸)",
  "analysis.datasetShape":
    "training: el conjunto de datos {type} tiene muestras de forma {shape}, pero la entrada {input} del modelo recibe {takes}{hint}",
  "analysis.datasetResizeHint": " (para redimensionar hace falta una entrada de imagen: alto, ancho y 1 o 3 canales)",
  "analysis.datasetNoResizeHint": '; ponga "resize": true para redimensionarlas',
  "analysis.fieldBeforePooling":
    "campo receptivo {field} de la entrada de {size}: las características que toma la capa de agrupación global '{pool}' ven cada una como mucho {field} de '{input}'; más capas, pasos (strides) o dilatación lo amplían",
  "analysis.fieldAtOutput":
    "campo receptivo {field} de la entrada de {size}: cada posición de la salida ve como mucho {field} de '{input}'",
  "analysis.memoryBatch":
    "training: un paso con lotes de {batch} necesita unos {needed} en PyTorch, más de los {device} de memoria del dispositivo; cabe un lote de {fits}",
  "analysis.exactBytes": "{bytes} bytes",
  "analysis.memoryNone":
    "training: un paso con lotes de {batch} necesita unos {needed} en PyTorch, más de los {device} de memoria del dispositivo, y no cabe ni un lote de 1: reduzca el modelo",
  "analysis.datasetClasses": "training: el conjunto de datos {type} tiene {classes} clases, pero la salida {output} del modelo es {shape}",
};
