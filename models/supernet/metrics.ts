/**
 * Validation metrics of a CTR model: log loss (binary cross-entropy, the
 * paper's table 2 "Log Loss") and AUC (area under the ROC curve).
 */

/** Mean log loss from logits z: log(1 + e^z) - y z, computed without overflow. */
export function logLossFromLogits(logits: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkLengths(logits, labels);
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const z = logits[i]!;
    total += Math.max(z, 0) - z * labels[i]! + Math.log1p(Math.exp(-Math.abs(z)));
  }
  return total / logits.length;
}

/** Mean log loss from probabilities, each clipped to [1e-15, 1 - 1e-15] (as scikit-learn). */
export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkLengths(probabilities, labels);
  let total = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = Math.min(Math.max(probabilities[i]!, 1e-15), 1 - 1e-15);
    total -= labels[i]! === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return total / probabilities.length;
}

/**
 * Exact AUC by rank statistics (the Mann-Whitney U): rank all scores, tied
 * scores sharing their average rank; AUC = (sum of the positives' ranks -
 * P (P + 1) / 2) / (P N). Ties count one half, as in scikit-learn's
 * roc_auc_score. NaN when a class is absent.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkLengths(scores, labels);
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const averageRank = (i + j + 2) / 2; // ranks i + 1 .. j + 1
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length || a.length === 0) {
    throw new RangeError(`metrics: ${a.length} scores and ${b.length} labels`);
  }
}
