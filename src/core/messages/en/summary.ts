/** English texts of a layer's figures as hovers, cards and inlay hints show them (the Keras summary stays English). */
export const summaryTexts = {
  "line.params": "{shape} · {params} {count|param|params}",
  "details.outputShape": "Output shape",
  "details.parameters": "Parameters",
  "details.parameterCounts": "{params} (trainable {trainable}, non-trainable {frozen})",
  "details.macs": "MACs per sample",
  "details.activationMemory": "Activation memory per sample",
  "details.trainingMemory": "Training memory per sample",
  "details.receptiveField": "Receptive field",
  "details.inputs": "Inputs",
  "details.moreInputs": "{first}, … ({count} inputs)",
  "field.notFollowed": "not followed through this layer",
  "field.allOf": "all of the input{input}",
  "field.of": "{field} of the {size} input{input}{all}{jump}",
  "field.steps": "{size}-step",
  "field.allOfIt": ", all of it",
  "field.jump": ", effective stride {jump}",
} as const;
