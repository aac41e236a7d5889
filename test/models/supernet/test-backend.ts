import { selectBackend, type BackendChoice } from "../../../models/supernet/backend";

/** The backend the supernet tests run on: WASM unless AUTORAC_TEST_BACKEND says otherwise (e.g. cpu). */
export const TEST_BACKEND = (process.env.AUTORAC_TEST_BACKEND ?? "wasm") as BackendChoice;

export function useTestBackend(): Promise<string> {
  return selectBackend(TEST_BACKEND);
}
