// outages.e2e.test.ts again, against an org where the package is installed managed: every object and field of the
// package is mondaysync__… over the API, and the relay must find the prefix and use it in every call.
import { harnessOrg } from '../../../test/relay-harness';

harnessOrg.namespace = 'mondaysync';
// Loaded after the namespace is set: the suite's harnesses read it when they start.
jest.requireActual('./outages.e2e.test');
