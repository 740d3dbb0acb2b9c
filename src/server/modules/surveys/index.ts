// Public evaluation (群众评价): questionnaires about units, answered without an account through a
// public link per unit — with one-time tokens or limited per device — whose results become
// indicator values. Other modules use only what is exported here.
export { surveyRoutes } from './surveys.routes';
export { seedSurveyDemo } from './demo';
