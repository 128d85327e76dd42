import type { summaryTexts } from "../en/summary";

/** Spanish texts of a layer's figures as hovers, cards and inlay hints show them. */
export const summaryTextsEs: { readonly [K in keyof typeof summaryTexts]: string } = {
  "line.params": "{shape} · {params} {count|parámetro|parámetros}",
  "details.outputShape": "Forma de salida",
  "details.parameters": "Parámetros",
  "details.parameterCounts": "{params} ({trainable} entrenables, {frozen} no entrenables)",
  "details.macs": "MACs por muestra",
  "details.activationMemory": "Memoria de activaciones por muestra",
  "details.trainingMemory": "Memoria de entrenamiento por muestra",
  "details.receptiveField": "Campo receptivo",
  "details.inputs": "Entradas",
  "details.moreInputs": "{first}, … ({count} entradas)",
  "field.notFollowed": "no se sigue a través de esta capa",
  "field.allOf": "toda la entrada{input}",
  "field.of": "{field} de la entrada{input} de {size}{all}{jump}",
  "field.steps": "{size} pasos de tiempo",
  "field.allOfIt": ", toda ella",
  "field.jump": ", paso efectivo {jump}",
};
