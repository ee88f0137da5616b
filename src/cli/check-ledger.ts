import { SandboxGateway } from '../gateway/sandbox-gateway.js';
import { checkLedger } from '../ledger/check-ledger.js';
import { openDatabase } from './open-database.js';

const db = await openDatabase();
const problems = await checkLedger({ db, gatewayCharges: await new SandboxGateway(db).succeededCharges() });
const entries = await db
  .selectFrom('ledger_entries')
  .select(db.fn.countAll<string>().as('count'))
  .executeTakeFirstOrThrow();
await db.destroy();
if (problems.length) {
  console.error(`The ledger has ${problems.length} problem(s):`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}
console.log(
  `Ledger OK: ${entries.count} entries; journals balance, receivables equal open invoices, charges match payments.`,
);
