// Rapid-response mobilization (模块化快响激活): forces, response units and rosters, activation
// orders with personal check-in links and a live board, and cadre dispatch to the front lines
// (一线派驻). Other modules use only what is exported here.
import './derived-sources';

export { mobilizationRoutes } from './mobilization.routes';
export { useNotifiers, fileNotifier, type Notifier, type OutboundMessage, type DeliveryResult } from './notifier';
export { seedMobilizationDemo } from './demo';

export { activeActivationCount } from './counters.service';
