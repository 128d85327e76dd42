import type { Category } from "./layerSpec";
import type { LayerType } from "./registry";

/**
 * The layer registry's explanations (the palette's line under each layer, the Insert Layer pick's detail) and
 * its categories, in Spanish. The compiler refuses a table without every layer type and category; terms follow
 * docs/l10n.md's glossary, and layer and parameter names stay Keras'.
 */
export const layerExplanationsEs: Record<LayerType, string> = {
  Input: "Entrada del modelo: la forma de una muestra, sin la dimensión del lote (p. ej. [32, 32, 3]).",
  Rescaling: "Multiplica la entrada por `scale` y suma `offset`, p. ej. 1/255 para llevar los píxeles de [0, 255] a [0, 1].",
  Resizing:
    "Cambia el tamaño de cada imagen a alto × ancho (bilineal o por vecino más cercano, como la capa Resizing de Keras); opcionalmente, antes la recorta a la relación de aspecto del destino.",
  CenterCrop: "Conserva la ventana centrada de alto × ancho de cada imagen.",
  Normalization:
    "Estandariza cada característica con la media y la varianza de los datos de entrenamiento (adaptadas antes de entrenar, como con adapt() de Keras), o hace la transformación inversa.",
  Conv1D: "Convolución 1D sobre secuencias (pasos de tiempo, canales); el relleno 'causal' nunca mira hacia delante.",
  Conv2D: "Convolución 2D: los filtros aprendidos recorren la imagen y cada uno produce un mapa de características.",
  Conv2DTranspose: "Convolución 2D traspuesta (sobremuestreo aprendido): la correspondencia de formas inversa a la de Conv2D.",
  DepthwiseConv2D: "Convolución 2D depthwise (por canal): cada canal de entrada se convoluciona con sus propios filtros (MobileNet).",
  SeparableConv2D: "Convolución 2D separable: una convolución depthwise (por canal) y después una convolución puntual 1×1 (Xception).",
  MaxPooling1D:
    "Agrupación (pooling) máxima 1D: conserva la activación más fuerte de cada ventana en cada mapa de características, es decir, el rasgo más destacado.",
  MaxPooling2D:
    "Agrupación (pooling) máxima 2D: conserva la activación más fuerte de cada ventana en cada mapa de características, es decir, el rasgo más destacado.",
  AveragePooling1D:
    "Agrupación (pooling) media 1D: conserva la media de cada ventana en cada mapa de características, lo que resume los rasgos de forma más suave.",
  AveragePooling2D:
    "Agrupación (pooling) media 2D: conserva la media de cada ventana en cada mapa de características, lo que resume los rasgos de forma más suave.",
  GlobalMaxPooling1D:
    "Agrupación máxima global 1D: un máximo por mapa de características sobre todos los pasos de tiempo; es la alternativa ligera a Flatten + Dense (sin pesos y con cualquier tamaño de entrada).",
  GlobalMaxPooling2D:
    "Agrupación máxima global 2D: un máximo por mapa de características sobre todas las posiciones espaciales; es la alternativa ligera a Flatten + Dense (sin pesos y con cualquier tamaño de entrada).",
  GlobalAveragePooling1D:
    "Agrupación media global 1D: una media por mapa de características sobre todos los pasos de tiempo; es la alternativa ligera a Flatten + Dense (sin pesos y con cualquier tamaño de entrada).",
  GlobalAveragePooling2D:
    "Agrupación media global 2D: una media por mapa de características sobre todas las posiciones espaciales; es la alternativa ligera a Flatten + Dense (sin pesos y con cualquier tamaño de entrada).",
  Dense: "Capa totalmente conectada: cada unidad de salida ve todas las características del último eje de la entrada.",
  Flatten: "Aplana cada muestra en un vector; antes de Dense esto cuesta muchos pesos (compárelo con la agrupación global).",
  Reshape: "Cambia la forma de cada muestra a targetShape (el mismo número de valores; una dimensión puede ser -1).",
  Dropout: "Pone a 0 al azar una fracción `rate` de las entradas durante el entrenamiento, contra el sobreajuste.",
  SpatialDropout2D:
    "Descarta mapas de características 2D enteros en lugar de activaciones sueltas (mejor para rasgos convolucionales correlacionados).",
  BatchNormalization:
    "Normaliza cada canal con las estadísticas del lote; aprende gamma y beta, y guarda la media y la varianza móviles, no entrenables.",
  LayerNormalization: "Normaliza cada muestra sobre los ejes indicados (sin depender del lote); aprende gamma y beta.",
  Activation: "Aplica una función de activación elemento a elemento (relu, sigmoid, softmax…).",
  ReLU: "Unidad lineal rectificada: max(x, 0); maxValue 6 da ReLU6 (MobileNet).",
  LeakyReLU: "ReLU con fugas: x para x ≥ 0 y alpha·x por debajo, para que las unidades negativas sigan aprendiendo.",
  ELU: "Unidad lineal exponencial: x para x > 0 y alpha·(eˣ − 1) por debajo.",
  Softmax: "Softmax: convierte puntuaciones en probabilidades que suman 1 a lo largo de un eje.",
  ZeroPadding2D: "Añade filas y columnas de ceros alrededor de cada mapa de características.",
  Cropping2D: "Recorta filas y columnas en los bordes de cada mapa de características.",
  UpSampling2D: "Sobremuestrea cada mapa de características repitiendo filas y columnas (o por interpolación bilineal).",
  Add: "Suma: la suma de sus entradas, elemento a elemento (las formas deben coincidir o admitir broadcasting); p. ej., para conexiones residuales.",
  Multiply:
    "Producto: el producto de sus entradas, elemento a elemento (las formas deben coincidir o admitir broadcasting); p. ej., para mecanismos de compuerta y de atención.",
  Average:
    "Media: la media de sus entradas, elemento a elemento (las formas deben coincidir o admitir broadcasting); p. ej., para promediar las salidas de un conjunto de modelos.",
  Maximum: "Máximo: el máximo de sus entradas, elemento a elemento (las formas deben coincidir o admitir broadcasting).",
  Minimum: "Mínimo: el mínimo de sus entradas, elemento a elemento (las formas deben coincidir o admitir broadcasting).",
  Concatenate:
    "Concatenación: une sus entradas a lo largo de un eje (por defecto, el de los canales); p. ej., en bloques de DenseNet e Inception.",
};

/** The palette's headings. */
export const categoriesEs: Record<Category, string> = {
  Input: "Entrada",
  Preprocessing: "Preprocesado",
  Convolution: "Convolución",
  Pooling: "Agrupación (pooling)",
  Core: "Básicas",
  Normalization: "Normalización",
  Regularization: "Regularización",
  Activation: "Activación",
  Reshape: "Cambio de forma",
  Merge: "Fusión",
};
