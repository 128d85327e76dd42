import type { layerTexts } from "../en/layers";

/** Spanish texts of the layers room: what a layer's shape inference reports. */
export const layerTextsEs: { readonly [K in keyof typeof layerTexts]: string } = {
  "rank.steps": "(lote, pasos de tiempo, canales)",
  "rank.image": "(lote, alto, ancho, canales)",
  "window.kernel": "un núcleo",
  "window.pool": "una ventana de agrupación",
  "window.dilated": " dilatado a {size}",
  "window.steps": "{window} de tamaño {size}{dilated} con relleno '{padding}' necesita al menos {needs} pasos de tiempo y recibe {gets}",
  "window.dims": "{window} de {size}{dilated} con relleno '{padding}' necesita una entrada de al menos {needs} y recibe {gets}",
  "layers.channelsUndefined": "la dimensión de los canales (la última) de la entrada debe estar definida",
  "layers.axisOutOfRange": "el eje {axis} no existe en una entrada de rango {rank}",
  "layers.axisBatchUndefined": "el eje {axis} es el eje del lote, cuyo tamaño no está definido",
  "layers.axisBatchMixes": "el eje {axis} es el eje del lote: así se mezclan muestras distintas",
  "layers.stridesDilation": "strides > 1 no se puede combinar con dilationRate > 1",
  "layers.outputPadding": "outputPadding {padding} debe ser menor que strides {strides}",
  "layers.noRowsOrColumns": "la salida no tendría filas ni columnas ({size})",
  "layers.depthwiseTooLarge":
    "su fase depthwise (por canal) da {size} canales ({channels} × depthMultiplier {multiplier}), más de los {max} que puede tener una dimensión de un tensor",
  "layers.lastUndefined": "la última dimensión de la entrada {shape} debe estar definida",
  "layers.denseRank":
    "Dense sobre una entrada de rango {rank} {shape} actúa solo sobre el último eje y da {output}; para clasificar, añada Flatten o GlobalAveragePooling{pooling}D antes",
  "layers.mergeShapes": "no se pueden combinar elemento a elemento entradas de formas {shapes}",
  "layers.concatenateShapes": "las entradas deben coincidir en todos los ejes salvo el {axis}; sus formas son {shapes}",
  "layers.axisUndefined": "el eje {axis} de la entrada debe tener un tamaño definido",
  "layers.axisTwice": "el eje {axis} aparece dos veces",
  "layers.axisUndefinedGammaBeta": "el eje {axis} de la entrada debe tener un tamaño definido para gamma y beta",
  "layers.reshape": "no se puede cambiar la forma {shape} ({total} valores) a {target}",
  "layers.reshapeKnown": "no se puede cambiar la forma {shape} ({total} valores) a {target} ({known} valores)",
  "layers.cropping": "el recorte {cropping} quita todas las filas o columnas de {shape}",
  "layers.centerCrop":
    "una ventana de {height}×{width} no cabe en {shape}: Keras redimensionaría la imagen en vez de recortarla; recorte menos, o redimensione antes la imagen a {height}×{width} como mínimo",
};
