import { faultSuite } from './support/fault-suite.js';
import { stripeUnderTest } from './support/processors-under-test.js';

// The settle path's faults through the Stripe adapter, against the local fake of Stripe's API.
// This file: the process deaths; the other half is fault-injection-stripe-faults.test.ts, run beside it.
faultSuite(stripeUnderTest(), 'process deaths');
