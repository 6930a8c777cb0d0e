import { anomalySuite } from './contract/anomaly.js'
import { fastifyHarness } from './contract/fastify-harness.js'
import { contractSuite } from './contract/suite.js'
import { transportSuite } from './contract/transport-suite.js'

contractSuite(fastifyHarness)
transportSuite(fastifyHarness)
anomalySuite(fastifyHarness)
