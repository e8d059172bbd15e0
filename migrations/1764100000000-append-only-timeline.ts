import type { MigrationInterface, QueryRunner } from "typeorm";

/** The timeline is the audit log: the database itself refuses to change or delete an event. */
export class AppendOnlyTimeline1764100000000 implements MigrationInterface {
  name = "AppendOnlyTimeline1764100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION case_events_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP;
      END;
      $$ LANGUAGE plpgsql`);
    await q.query(`CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER case_events_append_only ON case_events`);
    await q.query(`DROP FUNCTION case_events_append_only()`);
  }
}
