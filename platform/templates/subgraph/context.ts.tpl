/** Per-request loaders: every Account reference of one request is read in one batched query. */
import DataLoader from 'dataloader';
import type { BaseSubgraphContext } from '../kit/server';
import { statesOf, type {{Name}}State } from './notes';

export interface {{Name}}Context extends BaseSubgraphContext {
  states: DataLoader<string, {{Name}}State>;
}

export function create{{Name}}Context(base: BaseSubgraphContext): {{Name}}Context {
  return { ...base, states: new DataLoader((accountIds) => statesOf(base.db, accountIds)) };
}
