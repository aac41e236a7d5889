/**
 * A baseline reproducing one headline result of its own paper, on that
 * paper's workload and against that paper's baseline (issue 17): how close
 * it comes says how far its figures in table 3 can be trusted.
 */
export interface OwnPaperCheck {
  name: string;
  workload: string;
  paperFigure: number;
  measured: number;
  /** measured / paperFigure. */
  ratio: number;
  /** 0.5 <= ratio <= 2. */
  within2x: boolean;
  source: string;
  notes: string[];
}

/** The check's verdict from the two figures. */
export function withinTwoX(
  measured: number,
  paperFigure: number,
): { ratio: number; within2x: boolean } {
  const ratio = measured / paperFigure;
  return { ratio, within2x: ratio >= 0.5 && ratio <= 2 };
}
