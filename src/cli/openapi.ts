// Prints the OpenAPI document as the server serves it at /docs/json, without a database server or a
// data folder (an in-memory PGlite): for redocly lint in CI and for client generators.
import { connect } from '../db/connect.js';
import { SandboxGateway } from '../gateway/sandbox/sandbox-gateway.js';
import { buildApp } from '../http/app.js';

const db = connect({});
const app = await buildApp({ db, gateway: new SandboxGateway(db) });
await app.ready();
process.stdout.write(`${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
await db.destroy();
