import { readConfig } from '../config.js';
import { checkLedger } from '../ledger/check-ledger.js';
import { processorCharges } from '../ledger/processor-charges.js';
import { openDatabase } from './open-database.js';
import { openGateway } from './open-gateway.js';

const db = await openDatabase();
const gateway = openGateway(db, readConfig());
const problems = await checkLedger({ db, gatewayCharges: await processorCharges({ db, gateway }) });
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
