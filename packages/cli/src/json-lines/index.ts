/** `--output-format json-lines`: event schemas and the line writer. */
export {
  JSON_LINES_EVENTS,
  type JsonLinesEvent,
  type JsonLinesEventType,
  type JsonSchema,
  type ProgressEvent,
  type ResultEvent,
  type SimulationProgressEvent,
  type StartedEvent,
  type TerminatedEvent,
  eventSchemas,
} from "./schemas";
export { emitEvent, emitResult, finiteOrNull, printEnvelope } from "./writer";
