import { validate } from "@cobre/io";
import { readdirSync } from "node:fs";
const base = "/work/shared/cobre-reference/examples/";
for (const d of ["1dtoy", "4ree", ...readdirSync(base + "deterministic").map((x) => "deterministic/" + x)]) {
  const r = await validate(base + d);
  for (const e of r.errors) console.log("E", d, e.kind, e.message);
  for (const e of r.warnings) console.log("W", d, e.kind, e.message);
}
