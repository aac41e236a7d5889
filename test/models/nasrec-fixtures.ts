/**
 * NASRec architectures embedded as text, so the tests need no file outside
 * the repository. CRITEO_AUTOCTR is facebookresearch/NasRec
 * nasrec/configs/criteo/ea_criteo_kaggle_autoctr_best_1shot.json, verbatim.
 */
export const CRITEO_AUTOCTR_FILE = "ea_criteo_kaggle_autoctr_best_1shot.json";

export const CRITEO_AUTOCTR = `{"micro": [{"active_nodes": [0, 2], "dense_in_dims": 256, "sparse_in_dims": 48, "dense_sparse_interact": 1, "deep_fm": 0}, {"active_nodes": [1, 2], "dense_in_dims": 1024, "sparse_in_dims": 48, "dense_sparse_interact": 1, "deep_fm": 1}, {"active_nodes": [0, 2], "dense_in_dims": 128, "sparse_in_dims": 16, "dense_sparse_interact": 1, "deep_fm": 0}, {"active_nodes": [0, 2], "dense_in_dims": 16, "sparse_in_dims": 48, "dense_sparse_interact": 0, "deep_fm": 1}, {"active_nodes": [1, 2], "dense_in_dims": 128, "sparse_in_dims": 32, "dense_sparse_interact": 0, "deep_fm": 0}, {"active_nodes": [0, 2], "dense_in_dims": 16, "sparse_in_dims": 64, "dense_sparse_interact": 1, "deep_fm": 0}, {"active_nodes": [0, 2], "dense_in_dims": 1024, "sparse_in_dims": 64, "dense_sparse_interact": 0, "deep_fm": 0}], "macro": [{"dense_idx": [0], "sparse_idx": [0], "dense_left_idx": [0], "dense_right_idx": [0]}, {"dense_idx": [1], "sparse_idx": [0, 1], "dense_left_idx": [1], "dense_right_idx": [0]}, {"dense_idx": [2, 0], "sparse_idx": [2, 1, 0], "dense_left_idx": [0], "dense_right_idx": [0]}, {"dense_idx": [2], "sparse_idx": [0, 2], "dense_left_idx": [1], "dense_right_idx": [2]}, {"dense_idx": [0, 2, 4, 3], "sparse_idx": [4, 2], "dense_left_idx": [2], "dense_right_idx": [0]}, {"dense_idx": [5, 2, 0, 1], "sparse_idx": [5, 2, 1], "dense_left_idx": [3], "dense_right_idx": [5]}, {"dense_idx": [3, 0, 5], "sparse_idx": [5, 2, 1, 0], "dense_left_idx": [0], "dense_right_idx": [5]}], "num_blocks": 7, "use_layernorm": 1, "config": "autoctr", "test_loss": 0.4474305510520935}`;

/**
 * An xlarge-space config in NASRec's format, cut to three blocks: block 0 uses
 * sigmoid-gating (dense node 2) and transformer (sparse node 4); block 1 uses
 * only nodes we have (dot-product 1, linear-3d 5); block 2 uses sum (3).
 */
export const XLARGE_SMALL = JSON.stringify({
  micro: [
    {
      active_nodes: [2, 4],
      dense_in_dims: 128,
      sparse_in_dims: 64,
      dense_sparse_interact: 1,
      deep_fm: 0,
    },
    {
      active_nodes: [1, 5],
      dense_in_dims: 32,
      sparse_in_dims: 64,
      dense_sparse_interact: 0,
      deep_fm: 0,
    },
    {
      active_nodes: [3, 5],
      dense_in_dims: 768,
      sparse_in_dims: 16,
      dense_sparse_interact: 0,
      deep_fm: 1,
    },
  ],
  macro: [
    { dense_idx: [0], sparse_idx: [0], dense_left_idx: [0], dense_right_idx: [0] },
    { dense_idx: [0], sparse_idx: [0], dense_left_idx: [0], dense_right_idx: [1] },
    { dense_idx: [1, 2], sparse_idx: [2, 1, 0], dense_left_idx: [1], dense_right_idx: [2] },
  ],
  num_blocks: 3,
  use_layernorm: 1,
  config: "xlarge",
  test_loss: 0.45,
});
