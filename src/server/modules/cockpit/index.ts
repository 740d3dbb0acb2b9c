// Cockpit (驾驶舱): leaders' pages composed of widgets bound to indicators, live counters, league
// tables and honours, read at a unit through the other modules' exports. Other modules use only
// what is exported here.
export { cockpitRoutes } from './cockpit.routes';
export { seedCockpitDemo } from './demo';
export { cockpitView } from './view.service';
