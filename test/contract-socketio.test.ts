import { socketioHarness } from './contract/socketio-harness.js'
import { contractSuite } from './contract/suite.js'

contractSuite(socketioHarness('websocket'))
contractSuite(socketioHarness('polling'))
