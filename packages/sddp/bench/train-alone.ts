/**
 * One 1-worker training of a case in a process of its own, for the `4ree` section's
 * capacity row (two of these at once: what the machine's cores give this very work).
 * Usage: train-alone.ts <case dir> [iteration limit]. Prints `{"wallMs":…,"finalLowerBound":…}`.
 */
import { loadCase } from "@cobre/io";
import { train } from "../src/training/train";
import { withIterations } from "./iteration-limit";

const [dir, limit] = process.argv.slice(2);
if (dir === undefined) throw new Error("usage: train-alone.ts <case dir> [iteration limit]");
const loaded = await loadCase(dir);
if (!loaded.ok) throw new Error(`${dir}: ${loaded.error.message}`);
const c = limit === undefined ? loaded.value : withIterations(loaded.value, Number(limit));
const t0 = performance.now();
const r = await train(c, { numWorkers: 1 });
const wallMs = performance.now() - t0;
if (!r.ok) throw new Error(r.error.message);
process.stdout.write(`${JSON.stringify({ wallMs, finalLowerBound: r.value.finalLowerBound })}\n`);
