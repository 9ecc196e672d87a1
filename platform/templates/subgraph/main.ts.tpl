/** {{Name}} subgraph process (written by `npm run new-subgraph`): an example account note to build the experiment on. */
import { runSubgraphProcess } from '../kit/server';
import { {{name}}Migrations } from '../../migrations/{{name}}';
import { resolvers } from './resolvers';
import { create{{Name}}Context } from './context';
import { {{name}}AccountData } from './account-data';

runSubgraphProcess({
  name: '{{name}}',
  migrations: {{name}}Migrations,
  resolvers,
  // Declared with holdsAccountData in common/subgraph-registry.ts: deleteAccount and exportMyData call these.
  accountData: {{name}}AccountData,
  createContext: create{{Name}}Context,
});
