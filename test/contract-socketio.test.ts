import { anomalySuite } from './contract/anomaly.js'
import { socketioHarness } from './contract/socketio-harness.js'
import { contractSuite } from './contract/suite.js'

contractSuite(socketioHarness('websocket'))
contractSuite(socketioHarness('polling'))
anomalySuite(socketioHarness('websocket'))
