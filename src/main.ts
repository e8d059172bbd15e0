import { startApp } from "./app";
import { ConfigError, loadSettings } from "./config/load";
import { secretsOf } from "./config/settings";
import { DataDirInUseError } from "./db/data-dir-lock";
import { createLogger } from "./log";

async function main(): Promise<void> {
  let settings;
  try {
    settings = loadSettings();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger({ ...settings.log, secrets: secretsOf(settings) });
  // Allowed, but probably not what the county meant (a group on a channel that is off): said once, at start.
  for (const warning of settings.warnings ?? []) logger.warn(`configuration: ${warning}`);
  // The WeChat login QR code is drawn only where a person watches; otherwise its link is in the log.
  const app = await startApp({ settings, logger, terminal: process.stdout.isTTY ? process.stdout : undefined });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error("shutdown failed", { error: String(err) });
        process.exit(1);
      },
    );
  };
  // A promise someone forgot to handle is a bug to fix, not a reason to stop taking every
  // resident's appeals: logged loudly, and the service goes on. (An uncaught exception still ends
  // the process, as Node intends: after one, its state cannot be trusted; the service manager restarts it.)
  process.on("unhandledRejection", (reason: unknown) => {
    logger.error("unhandled promise rejection", { error: String(reason), stack: (reason as Error | undefined)?.stack });
  });
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  console.error(explainStartFailure(err));
  process.exit(1);
});

/** What an operator can act on, rather than a stack trace, for the failures we know. */
function explainStartFailure(err: unknown): unknown {
  if (err instanceof DataDirInUseError) return err.message;
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e?.code === "EADDRINUSE") return `Port ${e.port ?? ""} is already in use. Stop what uses it, or choose another with PORT=….`;
  if (e?.code === "ECONNREFUSED") return `Cannot reach the database (${e.message}). Is PostgreSQL running, and is DATABASE_URL right?`;
  return err;
}
