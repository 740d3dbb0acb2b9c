// Pairings (结对联系): leaders with young entrepreneurs, party organizations building together
// (党建联建), demonstration belts (共同富裕党建示范带), the contacts logged against them and the view
// of pairings gone silent. Other modules use only what is exported here.
//
// Access: a pairing belongs to its owner unit — accounts over it read and (with write:ledger) edit
// it, end it and log contacts; accounts over one of its unit parties only read it (403
// pairings.read_only on writes); person parties give no reach. Silence: days since the last
// contact (or the start), in CST days at query time; silent from `days` (default 90) on.
import './derived-sources';

export { pairingRoutes } from './pairings.routes';
export { seedPairingsDemo } from './demo';
export { silentPairingCount } from './silent.service';
