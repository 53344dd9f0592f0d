import { QueryRunner } from 'typeorm';

/**
 * Every change of a case moves its version, whoever writes it. CaseRuntime's write is `UPDATE cases … WHERE id = $1
 * AND version = $2` with the version it read (issue 26, lever 1: no lock before the write), so a writer beside the
 * runtime that left the version alone (a timer's SLA mark, the audit rekey, a maintenance script, an insider's UPDATE)
 * would be overwritten by a command that read the case before it. Until this trigger the writers beside the runtime
 * moved it by convention; now the database does: an update that does not raise the version gets OLD.version + 1.
 * The runtime's own write raises it and passes untouched. Frozen with the migrations that create it.
 */
export async function createCaseVersionGuard(q: QueryRunner, schema: string): Promise<void> {
  const s = `"${schema}"`;
  await q.query(`CREATE FUNCTION ${s}."cases_version_moves"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.version <= OLD.version THEN
        NEW.version := OLD.version + 1;
      END IF;
      RETURN NEW;
    END $$`);
  await q.query(`CREATE TRIGGER "cases_version_moves" BEFORE UPDATE ON ${s}."cases" FOR EACH ROW EXECUTE FUNCTION ${s}."cases_version_moves"()`);
}

export async function dropCaseVersionGuard(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP TRIGGER IF EXISTS "cases_version_moves" ON "${schema}"."cases"`);
  await q.query(`DROP FUNCTION IF EXISTS "${schema}"."cases_version_moves"()`);
}
