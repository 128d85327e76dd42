/**
 * English texts of why the host refuses a designer intent (an edit the designer asked for): the layer is gone, a
 * name is taken, the file is not a model's JSON. The designer shows them where the user acted.
 */
export const intentTexts = {
  "intent.layerGone": "That layer no longer exists.",
  "intent.layersGone": "Those layers no longer exist.",
  "intent.noLayersList": 'This file has no "layers" list to edit.',
  "intent.noLayersListFix": 'This file has no "layers" list to edit: fix it in the JSON (Open as JSON).',
  "intent.notAnObject": "This file is not a JSON object: fix it in the JSON (Open as JSON).",
  "intent.notAnObjectOrEmpty": "This file is not a JSON object: fix it in the JSON (Open as JSON), or empty it.",
  "intent.unknownType": "Unknown layer type '{type}'.",
  "intent.noParameter": "{type} has no parameter '{key}'.",
  "intent.badName": "A layer name must be non-empty and cannot contain '/'.",
  "intent.nameTaken": "Another layer is already named '{name}'.",
  "intent.inputReads": "An Input layer reads no other layer.",
  "intent.readsItself": "{layer} cannot read itself.",
  "intent.noSuchLayer": "No layer is named '{name}'.",
  "intent.cannotSwap": "{layer} ({type}) cannot be replaced with {target}.",
} as const;
