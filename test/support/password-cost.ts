import { setPasswordCost } from '../../src/auth/password.js';

// The suite signs in about a thousand times: at OWASP's cost (2^17, ~0.4 s each on two cores) that
// is minutes of scrypt testing nothing new. Tests hash at 2^14 (the floor the server accepts) unless
// a test sets its own; test/security.test.ts checks the default and the upgrade to it.
process.env.SETTLE_SCRYPT_LOG2N ??= '14';
setPasswordCost(Number(process.env.SETTLE_SCRYPT_LOG2N));
