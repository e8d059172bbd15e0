import { Writable } from "node:stream";
import winston from "winston";
import { createLogger, type Logger } from "../../src/log";

/** One line the logger wrote: "error: HTTP handler failed {"path":"/x","error":"Error: boom"}". */
function formatLine(info: winston.Logform.TransformableInfo): string {
  const { level, message, ...meta } = info;
  const rest = Object.keys(meta).length > 0 ? " " + JSON.stringify(meta) : "";
  return `${level}: ${String(message)}${rest}`;
}

/**
 * A winston logger that keeps what it logs, so a test can assert on it, e.g. that no HTTP
 * handler threw: `expect(log.lines("error")).toEqual([])`.
 */
export function captureLogger(options: { secrets?: string[] } = {}): { logger: Logger; lines(level?: string): string[] } {
  const captured: { level: string; line: string }[] = [];
  const sink = new Writable({
    objectMode: true,
    write(info: winston.Logform.TransformableInfo, _encoding, done) {
      captured.push({ level: info.level, line: formatLine(info) });
      done();
    },
  });
  // The service's own logger (with its redaction of secrets), writing here instead of the console.
  const logger = createLogger({ level: "debug", format: "json", secrets: options.secrets, stream: sink });
  return {
    logger,
    lines: (level) => captured.filter((c) => level === undefined || c.level === level).map((c) => c.line),
  };
}
