export { peopleRoutes } from './people.routes';
export { countPartyMembers, countRoleHoldersPerUnit, insertPeople, personSummaries, personsByIdNumbers, personsUnder, type NewPerson, type PersonSummary } from './people.service';
export { importPeople, PEOPLE_COLUMNS } from './people.import';
export { CADRE_ROLES, cadresUnder, personIdsUnder, postsOf, profileOf, type CadreRow, type ProfileRow } from './cadre-roles.queries';
