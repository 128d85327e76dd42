import type { datasetTexts } from "../en/datasets";

/** Spanish texts of the datasets' readers: why a dataset's file or folder cannot be trained on. */
export const datasetTextsEs: { readonly [K in keyof typeof datasetTexts]: string } = {
  "dataset.in": "{path}: {problem}",
  "dataset.theFile": "el archivo",
  "dataset.mnistSample": "el conjunto de datos mnist-sample",
  "dataset.idxNamed": "el conjunto de datos IDX {path}",
  "dataset.idxTest": "el conjunto de prueba IDX",
  "dataset.cifarNamed": "el conjunto de datos CIFAR-10 de {path}",
  "dataset.shapeResize":
    '{what} tiene muestras de forma {given}, pero la entrada del modelo admite {wanted}; establezca "resize": true para redimensionarlas',
  "dataset.shapeNoResize":
    "{what} tiene muestras de forma {given}, pero la entrada del modelo admite {wanted} (para redimensionar hace falta una entrada de imagen: alto, ancho, 1 o 3 canales)",
  "dataset.shape": "{path} tiene muestras de forma {given}, pero la entrada del modelo admite {wanted}",
  "dataset.idxNotImages": "{path}: se esperaban imágenes de 8 bits [cantidad, alto, ancho(, canales)], pero se ha encontrado {shape}",
  "dataset.idxLabels": "{what}: {count} imágenes, pero {shape} etiquetas en {path}",
  "dataset.notClass": "{path}: la etiqueta del índice {index} es {value}, que no es un índice de clase (0, 1, 2, …)",
  "dataset.notFinite":
    "{path}: el valor del índice {index} (muestra {sample}, elemento {element}) es {value}; el entrenamiento necesita números finitos (corrija o quite esa muestra)",
  "dataset.beyondFloat32":
    "{path}: el valor del índice {index} (muestra {sample}, elemento {element}) es {value} (o supera ±3.4e38, el rango de float32, el tipo con el que se entrena); el entrenamiento necesita números finitos (corrija o quite esa muestra)",
  "dataset.labelCount": "{path}: {labels} etiquetas para {count} muestras en {samples}",
  "dataset.testClasses":
    "{path}: {count|la carpeta|las carpetas} de clase de prueba {names} no {count|está|están} entre las clases de entrenamiento ({classes})",
  "dataset.imageInput":
    "la carpeta de imágenes {path} proporciona imágenes, pero la entrada del modelo admite {wanted} (necesita alto, ancho, 1 o 3 canales)",
  "dataset.targetsDiffer": "{test} contiene {testHolds}, pero {train} contiene {trainHolds}",
  "dataset.classLabels": "etiquetas de clase",
  "dataset.targets": "objetivos de {count} valores",
  "dataset.unknownType": "tipo de conjunto de datos desconocido '{type}'",
  "dataset.noTraining": "no quedan muestras de entrenamiento tras las divisiones ({count} muestras en total)",
  "dataset.cifarMissing":
    "{path}: no existe ese archivo (la versión binaria de CIFAR-10 tiene data_batch_1.bin … data_batch_5.bin y test_batch.bin)",
  "dataset.cifarTruncated": "{path}: truncado o no es un lote de CIFAR-10 ({bytes} bytes no es múltiplo de {record})",
  "dataset.cifarLabel": "{path}: la etiqueta {label} del registro {record} no es una clase de CIFAR-10 (0–9)",
  "dataset.noFolder": "{path}: no existe esa carpeta",
  "dataset.imageFolderIsFile": '{path}: es un archivo; "path" indica una carpeta con una subcarpeta de imágenes PNG o JPEG por clase',
  "dataset.idxVector":
    "{path}: contiene {count} valores sueltos, no imágenes de 8 bits [cantidad, alto, ancho(, canales)]: ¿es el archivo de etiquetas?",
  "dataset.pngTruncated": "{path}: el archivo PNG está truncado (no termina con su bloque IEND)",
  "dataset.cifarIsFile": '{path}: es un archivo; "path" indica la carpeta que contiene data_batch_1.bin … test_batch.bin',
  "dataset.emptyImage": "{path}: está vacío (0 bytes), no es una imagen",
  "dataset.notPng": "{path}: no es un archivo PNG (no tiene la firma PNG ni la cabecera IHDR)",
  "dataset.notJpeg": "{path}: no es un archivo JPEG (no tiene el marcador SOI ni la cabecera de trama)",
  "dataset.tooManyPixels":
    "{path}: declara {width}×{height} píxeles ({megapixels} megapíxeles); se leen imágenes de hasta {max} megapíxeles",
  "dataset.undecodable": "{path}: no se puede decodificar la imagen ({error})",
  "dataset.badName": "{path}: el nombre no es UTF-8 válido (se muestra con �); cámbielo",
  "dataset.oneClass": "{path}: necesita una subcarpeta por clase (al menos una), hay {count}",
  "dataset.twoClasses": "{path}: necesita una subcarpeta por clase (al menos dos), hay {count}",
  "dataset.noImages": "{path}: no hay imágenes PNG ni JPEG en sus carpetas de clase",
  "dataset.emptyClasses":
    "{path}: {count|la carpeta|las carpetas} de clase {names} no {count|contiene|contienen} imágenes PNG ni JPEG; añada imágenes o {count|quítela|quítelas}",
  "dataset.badGzip": "{path}: sus datos gzip están dañados o truncados",
  "dataset.headerNeeds": "{path}: truncado: la cabecera necesita {needed} bytes y el archivo tiene {bytes}",
  "dataset.declaresTooMuch":
    "{path}: su cabecera declara {size} de valores, más de los {limit} que puede ocupar un archivo (CNN_DESIGNER_MAX_FILE_GB fija el límite)",
  "dataset.largerThanHeader": "{path}: es mayor de lo que dice su cabecera: {bytes} bytes, y la cabecera declara {declared}",
  "dataset.tooLarge": "{path}: ocupa {size}, más de los {limit} que puede ocupar un archivo",
  "dataset.inflatesPast":
    "{path}: es mayor de lo que dice su cabecera: al descomprimirse supera los {declared} bytes que declara la cabecera",
  "idx.notIdx": "no es un archivo IDX (no empieza por dos bytes a cero)",
  "idx.valueType": "tipo de valor IDX desconocido 0x{code}",
  "idx.noDimension": "un archivo IDX necesita al menos una dimensión",
  "idx.headerNeeds": "truncado: la cabecera necesita {needed} bytes y el archivo tiene {bytes}",
  "idx.truncated": "truncado: {shape} valores {type} necesitan {expected} bytes y el archivo tiene {bytes}",
  "idx.trailing": "dañado: {extra} bytes después de los {shape} valores {type}",
  "npy.notNpy": "no es un archivo NPY (no tiene la firma \\x93NUMPY)",
  "npy.version": "versión de NPY no admitida: {version}",
  "npy.headerSize": "una cabecera NPY de {bytes} bytes",
  "npy.unreadable": "cabecera ilegible {header}: {why}",
  "npy.nul": "un carácter NUL",
  "npy.notDict": "no es un diccionario",
  "npy.emptyEntry": "un elemento vacío",
  "npy.unexpected": "{text} inesperado",
  "npy.unknownKey": "la clave '{key}', que NumPy no escribe",
  "npy.twice": "'{key}' dos veces",
  "npy.keysNeeded": "hacen falta 'descr', 'fortran_order' y 'shape'",
  "npy.dtype": "dtype no admitido {dtype} (use uint8, int, float32 o float64)",
  "npy.fortran": "no se admiten matrices en orden de Fortran; guárdelas con np.ascontiguousarray",
  "npy.fortranValue": "'fortran_order' es {value}, no True ni False",
  "npy.shapeTuple": "forma incorrecta {shape}: debe ser una tupla de números enteros",
  "npy.shape": "forma incorrecta {shape}",
  "npy.headerTruncated": "cabecera truncada",
  "npy.truncated": "truncado: {count} valores de {size} bytes necesitan {needed} bytes y el archivo tiene {bytes}",
  "npy.larger": "es mayor de lo que dice su cabecera: {bytes} bytes, y la cabecera declara {needed}",
};
