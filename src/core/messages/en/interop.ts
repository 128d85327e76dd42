/** English texts of the interop room: why an export or an import is refused. */
export const interopTexts = {
  "export.fixFirst": "the model has {count} {count|error|errors} to fix first: {first}",
  "export.layerRefused": "{layer}: {problem}",
  "export.onnxTooLarge":
    "the model's {params} parameters take {bytes}, but an ONNX file is one protobuf message, which ends at 2 GB; export it as a PyTorch module or a Keras script and convert it with external data (onnx.save(..., save_as_external_data=True))",
  "export.transposeUnknown": "Conv2DTranspose needs known input sizes to export",
  "export.tfjsPreprocessing":
    "{layer}: tfjs-layers' Resizing and CenterCrop compute otherwise than Keras' (its Resizing aligns corners, its CenterCrop samples instead of slicing), so a model.json would predict wrongly; export to ONNX (onnxruntime-web runs it in a browser), or resize the images before the model",
  "export.tfjsNormalization":
    "{layer}: tfjs-layers has no Normalization layer, so a model.json would not load; export to ONNX (onnxruntime-web runs it in a browser), or standardise the inputs before the model",
  "export.tfjsOutputPadding":
    "{layer}: tfjs-layers' Conv2DTranspose has no outputPadding, so a model.json would load with another output shape; export to ONNX, or pad with a ZeroPadding2D instead",
  "export.kerasExtension": "Keras' load_model reads {what} only from a file named *{ext}: name the output {name}",
  "export.anHdf5Model": "an HDF5 model",
  "export.aKerasArchive": "a .keras archive",
  "export.h5Extensions": ".h5 or .hdf5",
  "export.holdsSlash": "holds a '/'",
  "export.resizingCrop": "Resizing with cropToAspectRatio",
  "export.needsSizes": "{type} needs known input sizes to export",
  "export.onnxNormAxis": "{kind}Normalization over axis {axis} (the export normalises the channel axis only)",
  "export.torchNormAxis": "{kind}Normalization over axis {axis} (PyTorch export normalises the channel axis only)",
  "export.torchBatchNormRank5": "BatchNormalization on a rank-5 input",
  "export.weightsCount": "the run's weights hold {values} values; its manifest lists {listed}",
  "export.runMissingWeight": "the run has no weight {weight}",
  "export.runWeightShape": "the run's {weight} has shape [{shape}]; the model needs [{needs}]",
  "export.runStrayWeight": "the run's weight {weight} belongs to no layer of this model",
  "export.tfjsName": "the layer name '{name}' {problem}; rename it",
  "export.needsRun":
    "a Keras {format} file holds the model's weights: choose a run of this model to export (train it, or import a model with its weights)",
  "export.kerasActivation":
    "{layer}: the activation {activation} has no name Keras reads from a saved file (use gelu, or the Keras script export)",
  "weights.outside": "the weights manifest names the file {path}, outside the run folder",
  "weights.badWeight": "the weights manifest has a weight without a name and a shape of integers: {weight}",
  "weights.dtype": "the weight {name} is {dtype}; runs hold float32 weights",
  "weights.none": "the run's model.json lists no weights",
  "weights.notJson": "the run's model.json is not JSON: {error}",
  "import.notKeras": "not a Keras or TF.js model: expected a model.to_json() configuration or a model.json with a modelTopology",
  "import.graphModel":
    "a TF.js graph model (converted from a SavedModel or a frozen graph) holds operations, not Keras layers: convert the Keras model with tensorflowjs_converter --output_format=tfjs_layers_model, or save its architecture with model.to_json()",
  "import.noLayerList": "the {className} configuration has no list of layers",
  "import.notModelClass": "not a Keras model: its class_name is {className} (expected Sequential or a functional Model)",
  "import.noLayers": "the {className} model has no layers",
  "import.keras1":
    "cannot import a Keras 1 model ({layers}): load it in Keras 2, which converts Keras 1 files (model_from_json, or load_model for an .h5), save it again with model.save() or model.to_json(), and import that",
  "import.keras1Th":
    'cannot import a Keras 1 model with Theano\'s channels-first ordering (dim_ordering "th"; {layers}): load it in Keras 2, which converts Keras 1 files, then export it to ONNX with tf2onnx, whose import makes it channels last with its weights converted',
  "import.channelsFirst":
    "cannot import a channels-first model (data_format \"channels_first\", the Theano-era layout, in {layers}): CNN Designer's models are channels last, which changes the input's layout and Flatten's order; export it to ONNX with tf2onnx, whose import makes it channels last with its weights converted, or rebuild it channels last in Keras",
  "import.refused": "cannot import: {reasons}",
  "import.unsupported": "{count} {count|layer|layers} of a type CNN Designer does not support: {layers}",
  "import.invalid": "invalid settings: {settings}",
  "import.unrepresentable": "settings CNN Designer cannot represent: {settings}",
  "import.doesNotCheck": "the imported model does not check: {errors}",
  "import.nameNotString": "layer {index} ({className}): its name is {name}, not a string",
  "import.invalidSetting": "{layer} ({type}): {problem}",
  "import.inFile": "'{file}': {problem}",
  "import.onnxEmpty": "the ONNX file holds no graph of operations",
  "import.onnxTooLarge": "the ONNX graph has {count} operations, more than the {max} an imported CNN may have",
  "import.onnxTwice": "the ONNX graph makes the tensor {name} twice; a valid graph makes each once",
  "import.onnxInputs": "the ONNX model has {count} inputs; models with one input are imported",
  "import.onnxInput": "the ONNX model's input has rank {rank}; images (N, C, H, W) and feature vectors (N, F) are read",
  "import.onnxRefused": "cannot import: {count} {count|operation|operations} CNN Designer cannot represent: {ops}",
  "import.weightsOtherModel":
    "the file's weights belong to {count} {count|layer|layers} of another model ({theirs}), not to the model's {layers} weighted {layers|layer|layers} ({ours})",
  "import.weightsMissing": "the file holds no weights for layer {layer}, which needs them",
  "import.weightsCount": "the file holds {count} {count|weight|weights} for layer {layer}; it needs {needs}",
  "import.weightOrder": "layer {layer}: the file gives {found} where its {weight} goes",
  "import.weightShape": "layer {layer}: the file's {weight} has shape [{shape}]; the model needs [{needs}]",
  "import.weightsStray": "the file holds weights for {layer}, which is not a layer of the model",
} as const;
