import winston from "winston";

export type Logger = winston.Logger;

/** JSON lines in production (for log shippers), coloured single lines in a terminal. */
export function createLogger(options: { level: string; format: "json" | "pretty" }): Logger {
  const format =
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
  return winston.createLogger({ level: options.level, format, transports: [new winston.transports.Console()] });
}

/** A logger that drops everything: for tests that do not look at logs. */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}
