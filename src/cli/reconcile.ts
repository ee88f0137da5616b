import { SandboxGateway } from '../gateway/sandbox-gateway.js';
import { reconcilePayments } from '../payments/reconcile-payments.js';
import { openDatabase } from './open-database.js';

const db = await openDatabase();
const report = await reconcilePayments({ db, gateway: new SandboxGateway(db), everyInFlight: true });
console.log(
  `Reconciled ${report.examined} payment(s): ${report.succeeded} succeeded, ${report.failed} failed, ${report.stillUnknown} still unknown.`,
);
await db.destroy();
