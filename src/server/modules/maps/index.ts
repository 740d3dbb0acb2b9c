// Maps: org units' points and boundaries (uploaded GeoJSON, or the demo's schematic), an
// indicator over a unit's children, and the elderly-care facility planning map (三色图).
// Other modules use only what is exported here.
export { mapRoutes } from './maps.routes';
export { seedMapsDemo } from './demo';
