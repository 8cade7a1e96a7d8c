/** doctor's audit trail on a PostgreSQL store: read without migrating, named with its password masked. */
import { expect, test } from 'vitest';
import { checkAuditTrail } from '../../src/doctor/checks/audit-trail.ts';
import { openStore } from '../../src/store/index.ts';
import { describePostgres } from '../store/backends.ts';
import { doctorContext } from './context.ts';

const PASSWORD = 'doctor-pg-Secret-99';

describePostgres('audit trail on PostgreSQL', (fresh) => {
  test('an unmigrated database warns (and stays unmigrated), stored results pass; the password is never shown', async () => {
    const ctx = await doctorContext();
    ctx.config.db = await fresh({ password: PASSWORD });
    const first = checkAuditTrail(ctx);
    expect(first).toMatchObject({ status: 'warn', detail: expect.stringContaining('has no results table yet') });
    expect(first.detail).toContain(':***@');
    const store = openStore(ctx.config.db);
    store.db.prepare("INSERT INTO results (run_id, probe_id, model, target, runner_id, region, started_at, finished_at, outcome, attempts, request_id) VALUES ('r1', 'smoke', 'm', 'sim', 'runner-a', 'eu', ?, ?, 'pass', 1, 'req_1')").run(ctx.now - 60_000, ctx.now - 59_000);
    store.close();
    const second = checkAuditTrail(ctx);
    expect(second).toMatchObject({ status: 'pass', detail: expect.stringContaining('1 result in the last 24 h') });
    for (const r of [first, second]) expect(JSON.stringify(r)).not.toContain(PASSWORD);
  }, 60_000);
});
