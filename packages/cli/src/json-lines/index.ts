/** `--output-format json-lines`: event schemas and the line writer. */
export { eventSchemas } from "./schemas";
export { emitEvent, finiteOrNull, printEnvelope } from "./writer";
