/** `cobre version`: versions of Cobre-TS, HiGHS and Node. */
import { loadSolver } from "@cobre/solver";
import { envelope } from "../envelope";
import { ExitCode } from "../exit-codes";
import { type OutputFormat, printJson } from "../output";
import { VERSION } from "../version";

export async function versionCommand(format: OutputFormat): Promise<number> {
  const backend = await loadSolver();
  const data = { cobre: VERSION, highs: backend.version.highs, node: process.versions.node };
  if (format === "json") printJson(envelope("version", ExitCode.Success, data));
  else process.stdout.write(`cobre ${data.cobre}\nHiGHS ${data.highs}\nNode.js ${data.node}\n`);
  return ExitCode.Success;
}
