import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * What used to live in each process's memory and so was lost at a restart and unknown to the
 * other instances on the database: cadres' sessions (by the hash of their token, with an idle and
 * an absolute expiry), the rate limits' counts, the login throttle's wrong passwords and trusted
 * addresses, and the web residents the web chat's limits already let in.
 */
export class SessionsAndLimits1764600000000 implements MigrationInterface {
  name = "SessionsAndLimits1764600000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "cadre_sessions" ("token_hash" text NOT NULL, "cadre_id" text NOT NULL, "account" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "idle_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_80c3e6b74c9ae572294aea79250" PRIMARY KEY ("token_hash"))`,
    );
    await q.query(`CREATE INDEX "IDX_cadre_sessions_idle_expires" ON "cadre_sessions" ("idle_expires_at")`);
    await q.query(
      `CREATE TABLE "rate_limit_counts" ("limiter" text NOT NULL, "key" text NOT NULL, "times" bigint array NOT NULL, "admitted" boolean NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f85f0a2b544d3f5f69a6e635e1a" PRIMARY KEY ("limiter", "key"))`,
    );
    await q.query(`CREATE INDEX "IDX_rate_limit_counts_expires" ON "rate_limit_counts" ("expires_at")`);
    await q.query(
      `CREATE TABLE "login_failures" ("account_hash" text NOT NULL, "address" text NOT NULL, "failures" integer NOT NULL, "last_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_2c2160680967fab12023b515724" PRIMARY KEY ("account_hash", "address"))`,
    );
    await q.query(`CREATE INDEX "IDX_login_failures_address" ON "login_failures" ("address", "last_at")`);
    await q.query(`CREATE INDEX "IDX_login_failures_last" ON "login_failures" ("last_at")`);
    await q.query(
      `CREATE TABLE "login_trusted" ("account_hash" text NOT NULL, "address" text NOT NULL, "signed_in_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_72f560510ddcc316d9b5117d623" PRIMARY KEY ("account_hash", "address"))`,
    );
    await q.query(`CREATE INDEX "IDX_login_trusted_signed_in" ON "login_trusted" ("signed_in_at")`);
    await q.query(
      `CREATE TABLE "web_known_residents" ("chat_id" text NOT NULL, "urgent_until" TIMESTAMP WITH TIME ZONE, "seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_680e1f0b13181e5a92c9baac946" PRIMARY KEY ("chat_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_web_known_residents_seen" ON "web_known_residents" ("seen_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ["web_known_residents", "login_trusted", "login_failures", "rate_limit_counts", "cadre_sessions"]) await q.query(`DROP TABLE "${table}"`);
  }
}
