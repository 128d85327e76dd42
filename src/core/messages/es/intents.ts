import type { intentTexts } from "../en/intents";

/** Spanish texts of why the host refuses a designer intent (names, types and keys as written). */
export const intentTextsEs: { readonly [K in keyof typeof intentTexts]: string } = {
  "intent.layerGone": "Esa capa ya no existe.",
  "intent.layersGone": "Esas capas ya no existen.",
  "intent.noLayersList": 'Este archivo no tiene una lista "layers" que editar.',
  "intent.noLayersListFix": 'Este archivo no tiene una lista "layers" que editar: corríjalo en el JSON (Abrir como JSON).',
  "intent.notAnObject": "Este archivo no es un objeto JSON: corríjalo en el JSON (Abrir como JSON).",
  "intent.notAnObjectOrEmpty": "Este archivo no es un objeto JSON: corríjalo en el JSON (Abrir como JSON) o vacíelo.",
  "intent.unknownType": "Tipo de capa desconocido: '{type}'.",
  "intent.noParameter": "{type} no tiene el parámetro '{key}'.",
  "intent.badName": "El nombre de una capa no puede estar vacío ni contener '/'.",
  "intent.nameTaken": "Ya hay otra capa llamada '{name}'.",
  "intent.inputReads": "Una capa Input no lee ninguna otra capa.",
  "intent.readsItself": "La capa {layer} no puede leerse a sí misma.",
  "intent.noSuchLayer": "No hay ninguna capa llamada '{name}'.",
  "intent.cannotSwap": "{layer} ({type}) no se puede sustituir por {target}.",
};
