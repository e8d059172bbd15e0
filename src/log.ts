import winston from "winston";

export type Logger = winston.Logger;

/** Bot tokens look like this; any that reach a log line (in a URL, an error) are hidden too. */
const botToken = /\b\d{5,}:[A-Za-z0-9_-]{20,}\b/g;

/**
 * Hides secrets wherever they appear in a log line: the message, metadata, error texts.
 * Errors from HTTP clients quote URLs, and Telegram's URLs carry the bot token.
 */
function redact(secrets: string[]) {
  const known = secrets.filter((s) => s.length >= 4);
  const clean = (text: string) => known.reduce((t, s) => t.split(s).join("[secret]"), text).replace(botToken, "[secret]");
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") return clean(value);
    if (depth > 4 || value === null || typeof value !== "object") return value;
    if (value instanceof Error) return clean(`${value.name}: ${value.message}`);
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, depth + 1)]));
  };
  return winston.format((info) => {
    for (const key of Object.keys(info)) info[key] = walk(info[key], 0);
    return info;
  })();
}

/** JSON lines in production (for log shippers), coloured single lines in a terminal. */
export function createLogger(options: { level: string; format: "json" | "pretty"; secrets?: string[]; stream?: NodeJS.WritableStream }): Logger {
  const output =
    options.format === "json"
      ? winston.format.combine(winston.format.timestamp(), winston.format.json())
      : winston.format.combine(
          winston.format.colorize(),
          winston.format.timestamp({ format: "HH:mm:ss" }),
          winston.format.printf(({ timestamp, level, message, ...meta }) => {
            const rest = Object.keys(meta).length > 0 ? " " + JSON.stringify(meta) : "";
            return `${String(timestamp)} ${level} ${String(message)}${rest}`;
          }),
        );
  return winston.createLogger({
    level: options.level,
    format: winston.format.combine(redact(options.secrets ?? []), output),
    transports: [options.stream ? new winston.transports.Stream({ stream: options.stream }) : new winston.transports.Console()],
  });
}

/** A logger that drops everything: for tests that do not look at logs. */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}
