import { readConfig } from '../config.js';
import { reconcilePayments } from '../payments/reconcile-payments.js';
import { openDatabase } from './open-database.js';
import { openGateway } from './open-gateway.js';

const db = await openDatabase();
const gateway = openGateway(db, readConfig());
const report = await reconcilePayments({ db, gateway, everyInFlight: true });
console.log(
  `Reconciled ${report.examined} payment(s): ${report.succeeded} succeeded, ${report.failed} failed, ` +
    `${report.stillUnknown} still unknown, ${report.awaitingCardholder} awaiting the cardholder’s bank, ${report.errors} error(s); ${report.refunded} unrecorded charge(s) refunded.`,
);
await db.destroy();
// Every payment was tried; the ones that failed (logged above by id) are asked about again next run.
if (report.errors > 0) process.exitCode = 1;
