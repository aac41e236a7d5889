import { InputError } from "../sim/kernel/input-error";

/**
 * The input layouts of the three CTR data sets AutoRAC (and NASRec) use: how
 * many dense features feed input index 0, how many sparse features (one
 * embedding table each), and each table's row count.
 *
 * The row counts are NASRec's own (facebookresearch/NasRec,
 * nasrec/utils/config.py, NUM_EMBEDDINGS_*), so a model here has the same
 * embedding tables as NASRec's published runs. NASRec caps them at
 * MAX_NUM_EMBEDDINGS = 5e9 rows, above every entry, so none is capped.
 */
/** The input layout of a dataset: what every request of its traces carries. */
export interface DatasetDescriptor {
  name: string;
  description: string;
  denseFeatures: number;
  sparseFeatures: number;
  /** Embedding table rows, one per sparse feature. */
  tableRows: number[];
  /** Where the layout and the row counts come from. */
  source: string;
}

export type DatasetName = "criteo" | "avazu" | "kdd";

const nasrecConfig =
  "facebookresearch/NasRec (Apache-2.0) at c15dae6a1f1788fc920c4d2fbe4aba327d490b3f, nasrec/utils/config.py";

export const datasets: Record<DatasetName, DatasetDescriptor> = {
  criteo: {
    name: "criteo",
    description:
      "Criteo Display Advertising Challenge (Kaggle): 13 integer features (missing -> 0, " +
      "log(max(0, x) + 1)) and 26 hashed categorical features.",
    denseFeatures: 13,
    sparseFeatures: 26,
    tableRows: [
      1461, 584, 10131227, 2202609, 306, 25, 12518, 634, 4, 93146, 5684, 8351593, 3195, 28, 14993,
      5461307, 11, 5653, 2174, 5, 7046548, 19, 16, 286182, 106, 142573,
    ],
    source:
      `${nasrecConfig} (NUM_EMBEDDINGS_CRITEO); feature counts from nasrec/torchrec/criteo.py ` +
      "(INT_FEATURE_COUNT 13, CAT_FEATURE_COUNT 26)",
  },
  avazu: {
    name: "avazu",
    description:
      "Avazu CTR prediction (Kaggle): no numeric feature, so NASRec feeds one pseudo-dense " +
      "feature that is always 0; 23 categorical features (id, hour, C1, banner_pos, site_*, " +
      "app_*, device_*, C14..C21).",
    // The pseudo-dense zero keeps the dense path's shapes the same as for the other sets.
    denseFeatures: 1,
    sparseFeatures: 23,
    tableRows: [
      10000, 241, 8, 8, 4738, 7746, 27, 8553, 560, 37, 2686409, 6729487, 8252, 6, 5, 2627, 9, 10,
      436, 5, 69, 173, 61,
    ],
    source:
      `${nasrecConfig} (NUM_EMBEDDINGS_AVAZU); feature counts from nasrec/torchrec/avazu.py ` +
      "(INT_FEATURE_COUNT 1, a pseudo-dense all-zero feature; CAT_FEATURE_COUNT 23)",
  },
  kdd: {
    name: "kdd",
    description:
      "KDD Cup 2012 track 2: 3 dense features (impression, depth, position; log-transformed) " +
      "and 10 categorical features (DisplayURL, AdID, AdvertiserID, QueryID, KeywordID, " +
      "TitleID, DescriptionID, UserID, gender, age).",
    denseFeatures: 3,
    sparseFeatures: 10,
    tableRows: [26274, 641708, 14848, 22122011, 1188090, 3735797, 2934102, 20004011, 4, 8],
    source:
      `${nasrecConfig} (NUM_EMBEDDINGS_KDD, the uncommented list); feature counts and order ` +
      "from nasrec/torchrec/kdd.py (INT_FEATURE_COUNT 3, CAT_FEATURE_COUNT 10) and " +
      "nasrec/tools/autoctr_split_data_kdd.py (column re-ordering)",
  },
};

export const datasetNames = Object.keys(datasets) as DatasetName[];

/** The descriptor of a data set by its name; an unknown name is an InputError listing the known ones. */
export function datasetByName(name: string): DatasetDescriptor {
  if (!Object.hasOwn(datasets, name)) {
    throw new InputError(
      `unknown dataset ${JSON.stringify(name)}: expected one of ${datasetNames.join(", ")}`,
    );
  }
  return datasets[name as DatasetName];
}
