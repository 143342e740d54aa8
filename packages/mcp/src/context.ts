/** What every tool handler needs: the path guard and the registry of background runs. */
import type { PathGuard } from "./paths";
import type { RunRegistry } from "./run-registry";

export interface ServerContext {
  readonly guard: PathGuard;
  readonly runs: RunRegistry;
}
