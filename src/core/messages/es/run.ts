import type { runTexts } from "../en/run";

/** Spanish texts of a training run's log (Keras' progress lines stay as Keras prints them). */
export const runTextsEs: { readonly [K in keyof typeof runTexts]: string } = {
  "run.backend": "Entrena con el backend {backend} ({device})",
  "run.skipped": "  se omite {backend}: {reason}",
  "run.resumed": "Se reanuda desde la época {epoch} de {epochs} (checkpoints/last.json, paso {step})",
  "run.ownModel": "  (se entrena el modelo propio de la ejecución, tal como empezó: {file} ya no es el mismo y no se usa)",
  "run.initialWeights": "Pesos iniciales: {count} {count|capa|capas} de {run}",
  "run.fresh": "  empiezan desde cero (no hay pesos con ese nombre y esa forma): {layers}",
  "run.adapted": "{layer} (Normalization) adaptada al conjunto de entrenamiento: media y varianza de {values} valores por característica",
  "run.data": "Datos: {description}: {train} muestras de entrenamiento, {validation} de validación y {test} de prueba",
  "run.stopped": "Detenido: {reason}",
  "run.restored": "Se restauran los pesos de la época {epoch} (la mejor en {monitor})",
  "run.best": "Mejor época: {epoch} (sus pesos están en checkpoints/best.json)",
  "run.estimate": "Tiempo estimado por época: unos {duration} ({timed} lotes medidos tras {warmup} de calentamiento)",
  "run.stopping": "Se detiene ya: se guarda lo entrenado, sin la evaluación",
  "run.stopRequested": "Detención solicitada: se termina el lote actual",
  "run.ranksFinished": "Los procesos (ranks) de esta máquina han terminado; la ejecución está en {lead}",
};
