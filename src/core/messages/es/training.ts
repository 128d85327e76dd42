import type { trainingTexts } from "../en/training";

/** Spanish texts of the training room: the model file's `training` section (its keys stay as written). */
export const trainingTextsEs: { readonly [K in keyof typeof trainingTexts]: string } = {
  "training.says": "training: {problem}",
  "training.dataset": "training: 'dataset' debe ser { \"type\": {types}, … }; es {value}{hint}",
  "training.datasetNoType": "training: 'dataset' necesita un \"type\": {types}",
  "training.datasetNoField": "training: el conjunto de datos {type} no tiene el campo '{key}'",
  "training.datasetBool": "training: '{key}' del conjunto de datos {type} debe ser true o false; es {value}",
  "training.datasetPath": "training: '{key}' del conjunto de datos {type} debe ser una ruta; es {value}",
  "training.datasetPair": "training: '{key}' del conjunto de datos {type} necesita también '{pair}'",
  "training.datasetNeeds": "training: el conjunto de datos {type} necesita '{key}': {doc}",
  "training.schedule": "training: 'schedule' debe ser uno de {names} (un nombre o { \"type\": … }); es {value}{hint}",
  "training.scheduleNoType": "training: 'schedule' necesita un \"type\": uno de {names}",
  "training.scheduleNeeds": "training: el programa {type} necesita '{key}': {doc}",
  "training.optimizer": "training: 'optimizer' debe ser uno de {names} (un nombre o { \"type\": … }); es {value}{hint}",
  "training.optimizerNoType": "training: 'optimizer' necesita un \"type\": uno de {names}",
  "training.decayAndSchedule": "training: el optimizador tiene a la vez un 'decay' antiguo y un 'schedule'; deje uno",
  "training.metricsList": "training: 'metrics' debe ser una lista de nombres de métricas; es {value}",
  "training.unknownMetric": "training: métrica desconocida {value}{hint}",
  "training.earlyStoppingObject": "training: 'earlyStopping' debe ser un objeto; es {value}",
  "training.initialWeights": "training: 'initialWeights' debe ser la ruta de la carpeta de una ejecución (una cadena no vacía); es {value}",
  "training.nothingToTrain": "training: validationSplit {validation} y testSplit {test} no dejan datos para entrenar",
  "training.labelSmoothing": "training: labelSmoothing se aplica a {losses}, no a {loss}",
  "training.testUnused":
    "training: testSplit {split} aparta parte de los datos de entrenamiento como conjunto de prueba, así que {fields} del conjunto de datos {count|queda|quedan} sin usar; ponga testSplit a 0 para probar con {count|él|ellos}",
  "training.neverStops": "training: earlyStopping vigila {monitor}, pero 'metrics' no tiene '{metric}', así que nunca se detiene",
  "training.noValidation": "training: earlyStopping vigila {monitor}, pero validationSplit es 0",
  "training.unknownSetting": "training: ajuste desconocido '{key}'{hint}",
};
