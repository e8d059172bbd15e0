import { systemClock, type Clock } from "../../src/clock";
import { openDatabase, type Database } from "../../src/db/database";
import { silentLogger, type Logger } from "../../src/log";
import { WebChatHistory, type WebChatLimits } from "../../src/web-chat/web-chat-history";
import { createTestDatabase, type Backend } from "./databases";

export interface ChatStoreDatabase {
  database: Database;
  /** A history on this database, as src/app.ts wires one into the web adapter. */
  store(options?: { limits?: Partial<WebChatLimits>; clock?: Clock; logger?: Logger }): WebChatHistory;
  close(): Promise<void>;
}

/** A database of its own for the web chat's history, for tests that drive the web adapter without the whole app. */
export async function openChatStoreDatabase(backend: Backend = "embedded"): Promise<ChatStoreDatabase> {
  const testDb = await createTestDatabase(backend);
  const database = await openDatabase(testDb.settings);
  return {
    database,
    store: (options = {}) => new WebChatHistory(database, options.limits ?? {}, options.clock ?? systemClock, options.logger ?? silentLogger()),
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}
