import { resetResults } from "./harness";

// Empties test-results/ once per run, before any browser test file, so every file's screenshots stay.
export default function setup() {
  resetResults();
}
