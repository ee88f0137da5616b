import { faultSuite } from './support/fault-suite.js';
import { tapPayUnderTest } from './support/processors-under-test.js';

// The settle path's faults through the TapPay adapter, against the local fake of TapPay's API.
// This file: the process deaths; the other half is fault-injection-tappay-faults.test.ts, run beside it.
faultSuite(tapPayUnderTest(), 'process deaths');
