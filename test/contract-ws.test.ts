import { anomalySuite } from './contract/anomaly.js'
import { contractSuite } from './contract/suite.js'
import { transportSuite } from './contract/transport-suite.js'
import { wsHarness } from './contract/ws-harness.js'

contractSuite(wsHarness)
transportSuite(wsHarness)
anomalySuite(wsHarness)
