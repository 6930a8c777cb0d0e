import { fastifyHarness } from './contract/fastify-harness.js'
import { contractSuite } from './contract/suite.js'

contractSuite(fastifyHarness)
