/**
 * The parameters' descriptions (the registry's and the training section's `doc`s) in Spanish, by their English
 * text: the forms' tooltips and the "needs 'units': …" diagnostics. A test fails when a description has none.
 * Terms follow docs/l10n.md's glossary; parameter names and values stay as written (`poolSize`, 'same').
 */
export const docsEs: Readonly<Record<string, string>> = {
  // Layers.
  "Shape of one sample, channels last; null for a size known only at run time.":
    "Forma de una muestra, con los canales al final; null para un tamaño que solo se conoce al ejecutar.",
  "The factor every value is multiplied by.": "El factor por el que se multiplica cada valor.",
  "The value added after scaling.": "El valor que se suma después de escalar.",
  "The output's height (rows).": "La altura de la salida (filas).",
  "The output's width (columns).": "La anchura de la salida (columnas).",
  "How new pixels are computed.": "Cómo se calculan los píxeles nuevos.",
  "Crop the largest centred window of the target's aspect ratio before resizing, instead of stretching.":
    "Recortar la mayor ventana centrada con la relación de aspecto del destino antes de redimensionar, en lugar de estirar.",
  "The features axis: each index along it has its own mean and variance.":
    "El eje de las características: cada índice a lo largo de él tiene su propia media y varianza.",
  "Undo a normalisation instead: x · sqrt(variance) + mean.":
    "En lugar de normalizar, deshacer una normalización: x · sqrt(varianza) + media.",
  "Number of output channels (convolution filters).": "Número de canales de salida (filtros de la convolución).",
  "Size of the convolution window.": "Tamaño de la ventana de la convolución.",
  "Step of the window along each spatial axis.": "Paso de la ventana a lo largo de cada eje espacial.",
  "'valid': no padding; 'same': zero-pad so that the output is input / stride; 'causal': pad on the left only (no look-ahead).":
    "'valid': sin relleno; 'same': relleno con ceros para que la salida sea entrada / paso; 'causal': relleno solo a la izquierda (sin mirar hacia delante).",
  "Spacing between kernel elements (atrous).": "Separación entre los elementos del núcleo (atrous).",
  "Activation applied to the output; 'linear' applies none.": "Activación aplicada a la salida; 'linear' no aplica ninguna.",
  "Whether the layer adds a learned bias vector.": "Si la capa suma un vector de sesgo aprendido.",
  "Initializer of the kernel.": "Inicializador del núcleo.",
  "Initializer of the bias.": "Inicializador del sesgo.",
  "'valid': no padding, the output shrinks; 'same': zero-pad so that the output is input / stride.":
    "'valid': sin relleno, la salida se reduce; 'same': relleno con ceros para que la salida sea entrada / paso.",
  "Extra rows/columns added to one side of the output; must be less than the stride.":
    "Filas o columnas adicionales que se añaden a un lado de la salida; debe ser menor que el paso.",
  "Depthwise output channels per input channel.": "Canales de salida depthwise (por canal) que produce cada canal de entrada.",
  "Initializer of the depthwise kernel.": "Inicializador del núcleo depthwise (por canal).",
  "Initializer of the pointwise kernel.": "Inicializador del núcleo pointwise (1×1).",
  "Size of the pooling window.": "Tamaño de la ventana de agrupación.",
  "Step of the window; defaults to poolSize.": "Paso de la ventana; por defecto, poolSize.",
  "'valid': drop the windows that do not fit; 'same': pad so that the output is input / stride.":
    "'valid': descartar las ventanas que no caben; 'same': rellenar para que la salida sea entrada / paso.",
  "Keep the pooled axes with size 1 instead of dropping them.": "Conservar los ejes agrupados con tamaño 1 en lugar de quitarlos.",
  "Number of output units.": "Número de unidades de salida.",
  "New shape without the batch dimension; one entry may be -1.": "Nueva forma sin la dimensión del lote; un elemento puede ser -1.",
  "Fraction of the inputs to drop.": "Fracción de las entradas que se descartan.",
  "Random seed.": "Semilla aleatoria.",
  "Fraction of the feature maps to drop.": "Fracción de los mapas de características que se descartan.",
  "The features axis (channels, -1 for channels last).": "El eje de las características (canales; -1 si los canales van al final).",
  "Momentum of the moving averages.": "Momento de las medias móviles.",
  "Small constant added to the variance.": "Pequeña constante que se suma a la varianza.",
  "Learn an offset beta.": "Aprender un desplazamiento beta.",
  "Learn a scale gamma.": "Aprender una escala gamma.",
  "Axis or axes to normalise over.": "Eje o ejes sobre los que se normaliza.",
  "The activation function.": "La función de activación.",
  "Upper bound of the output (6 for ReLU6); none by default.": "Cota superior de la salida (6 para ReLU6); ninguna por defecto.",
  "Slope for values below the threshold.": "Pendiente para los valores por debajo del umbral.",
  "Values below it are damped by negativeSlope.": "Los valores por debajo de este umbral se atenúan con negativeSlope.",
  "Slope for negative inputs.": "Pendiente para las entradas negativas.",
  "Scale of the negative part.": "Escala de la parte negativa.",
  "Axis along which the probabilities sum to 1.": "Eje a lo largo del cual las probabilidades suman 1.",
  "Zeros to add: int, [rows, cols] or [[top, bottom], [left, right]].":
    "Ceros que se añaden: un entero, [filas, columnas] o [[arriba, abajo], [izquierda, derecha]].",
  "Amount to crop: int, [rows, cols] or [[top, bottom], [left, right]].":
    "Cuánto recortar: un entero, [filas, columnas] o [[arriba, abajo], [izquierda, derecha]].",
  "Upsampling factors for rows and columns.": "Factores de sobremuestreo para filas y columnas.",
  "Axis along which to join; all other dimensions must match.":
    "Eje a lo largo del cual se concatenan las entradas; las demás dimensiones deben coincidir.",
  // Learning-rate schedules.
  "Steps (batches) the schedule spans; the whole run (epochs × batches per epoch) when omitted.":
    "Pasos (lotes) que abarca el programa; si se omite, toda la ejecución (épocas × lotes por época).",
  "The floor, as a fraction of the initial learning rate.": "El mínimo, como fracción de la tasa de aprendizaje inicial.",
  "Factor per decaySteps steps.": "Factor por cada decaySteps pasos.",
  "Decay in whole steps of decaySteps instead of continuously.": "Decaer a saltos de decaySteps pasos en lugar de forma continua.",
  "The rate reached after decaySteps.": "La tasa alcanzada tras decaySteps pasos.",
  "The polynomial's power; 1 is a straight line.": "El exponente del polinomio; 1 es una recta.",
  "Start over (with a longer span) after decaySteps.": "Volver a empezar (con un tramo más largo) tras decaySteps pasos.",
  "lr / (1 + decayRate · step / decaySteps).": "lr / (1 + decayRate · paso / decaySteps).",
  // Datasets.
  "Resize the images to the model's input (bilinear) and convert grey ↔ RGB, instead of requiring the same shape.":
    "Redimensionar las imágenes a la entrada del modelo (bilineal) y convertir escala de grises ↔ RGB, en lugar de exigir la misma forma.",
  "IDX images file (gzipped or not).": "Archivo IDX de imágenes (comprimido con gzip o no).",
  "IDX labels file (gzipped or not).": "Archivo IDX de etiquetas (comprimido con gzip o no).",
  "IDX test images (MNIST's t10k-images-idx3-ubyte.gz). The held-out test set, used when testSplit is 0.":
    "Imágenes IDX de prueba (t10k-images-idx3-ubyte.gz de MNIST). El conjunto de prueba reservado, que se usa cuando testSplit es 0.",
  "IDX test labels (MNIST's t10k-labels-idx1-ubyte.gz). The held-out test set, used when testSplit is 0.":
    "Etiquetas IDX de prueba (t10k-labels-idx1-ubyte.gz de MNIST). El conjunto de prueba reservado, que se usa cuando testSplit es 0.",
  "Folder of the CIFAR-10 binary batches (data_batch_1.bin … test_batch.bin); test_batch.bin is the test set when testSplit is 0.":
    "Carpeta de los lotes binarios de CIFAR-10 (data_batch_1.bin … test_batch.bin); test_batch.bin es el conjunto de prueba cuando testSplit es 0.",
  "Folder with one sub-folder of images (PNG, JPEG) per class; resized to the model's input.":
    "Carpeta con una subcarpeta de imágenes (PNG, JPEG) por clase; se redimensionan a la entrada del modelo.",
  "Folder of test images, one sub-folder per class, named as in path. The held-out test set, used when testSplit is 0.":
    "Carpeta de imágenes de prueba, una subcarpeta por clase, con los mismos nombres que en path. El conjunto de prueba reservado, que se usa cuando testSplit es 0.",
  "NPY array of inputs.": "Matriz NPY de entradas.",
  "NPY array of labels.": "Matriz NPY de etiquetas.",
  "NPY array of test inputs. The held-out test set, used when testSplit is 0.":
    "Matriz NPY de entradas de prueba. El conjunto de prueba reservado, que se usa cuando testSplit es 0.",
  "NPY array of test labels. The held-out test set, used when testSplit is 0.":
    "Matriz NPY de etiquetas de prueba. El conjunto de prueba reservado, que se usa cuando testSplit es 0.",
  // Early stopping.
  "The quantity watched.": "La magnitud que se vigila.",
  "Epochs without improvement before stopping.": "Épocas sin mejora antes de parar.",
  "Smallest change that counts as an improvement.": "El menor cambio que cuenta como mejora.",
  "Go back to the best epoch's weights when stopping.": "Volver a los pesos de la mejor época al parar.",
  // Optimizers.
  "Step size (Keras' default for Adam; SGD's is 0.01).": "Tasa de aprendizaje (la predeterminada de Keras para Adam; la de SGD es 0.01).",
  "Keras' legacy time-based decay: lr / (1 + decay · iterations).":
    "El decaimiento heredado de Keras, por tiempo: lr / (1 + decay · iteraciones).",
  "Decay of the first-moment estimates.": "Decaimiento de las estimaciones del primer momento.",
  "Decay of the second-moment estimates.": "Decaimiento de las estimaciones del segundo momento.",
  "Numerical stability constant.": "Constante de estabilidad numérica.",
  "Decay of the infinity norm.": "Decaimiento de la norma infinito.",
  "Momentum; 0 is plain SGD.": "Momento; 0 es el SGD simple.",
  "Nesterov momentum.": "Momento de Nesterov.",
  "Discounting factor of the gradient history.": "Factor de descuento del historial de gradientes.",
  "Momentum.": "Momento.",
  "Starting value of the accumulators.": "Valor inicial de los acumuladores.",
  "Decay rate.": "Tasa de decaimiento.",
  // The training section.
  "The loss to minimise.": "La pérdida que se minimiza.",
  "Samples per gradient step.": "Muestras por paso de gradiente.",
  "Passes over the training data.": "Pasadas por los datos de entrenamiento.",
  "Shuffle the training data before each epoch.": "Barajar los datos de entrenamiento antes de cada época.",
  "Fraction of the training data kept apart for validation.": "Fracción de los datos de entrenamiento que se reserva para la validación.",
  "Fraction kept apart as the held-out test set, never seen in training.":
    "Fracción que se reserva como conjunto de prueba, que nunca se usa en el entrenamiento.",
  "Random seed for shuffling, splits and initialisation.": "Semilla aleatoria para barajar, dividir e inicializar.",
  "Keras' label_smoothing for the cross-entropy losses: targets move this far towards uniform.":
    "El label_smoothing de Keras para las pérdidas de entropía cruzada: los objetivos se desplazan esta fracción hacia la distribución uniforme.",
};
