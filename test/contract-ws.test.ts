import { contractSuite } from './contract/suite.js'
import { wsHarness } from './contract/ws-harness.js'

contractSuite(wsHarness)
