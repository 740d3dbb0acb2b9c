export { peopleRoutes } from './people.routes';
export { countPartyMembers, countRoleHoldersPerUnit, insertPeople, type NewPerson } from './people.service';
export { importPeople, PEOPLE_COLUMNS } from './people.import';
