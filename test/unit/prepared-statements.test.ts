/** Which SQL texts a subgraph sends as named prepared statements (parsed and planned once per connection). */
import { statementConfig } from '../../subgraphs/kit/database';

describe('statementConfig', () => {
  it('names a parameterized text, the same name every time', () => {
    const first = statementConfig('SELECT id FROM accounts WHERE id = $1', ['a']);
    const again = statementConfig('SELECT id FROM accounts WHERE id = $1', ['b']);
    expect(first.name).toMatch(/^s_[\w-]{24}$/);
    expect(again).toEqual({ name: first.name, text: 'SELECT id FROM accounts WHERE id = $1', values: ['b'] });
  });

  it('gives another text another name', () => {
    const one = statementConfig('SELECT 1 WHERE $1::int = 1', [1]);
    const other = statementConfig('SELECT 2 WHERE $1::int = 1', [1]);
    expect(one.name).not.toBe(other.name);
  });

  it('leaves a text without parameters unnamed: it may hold several statements, which a prepared statement cannot', () => {
    expect(statementConfig('BEGIN; SELECT 1; COMMIT', [])).toEqual({ text: 'BEGIN; SELECT 1; COMMIT', values: [] });
  });

  it('names at most 500 distinct texts per process; later ones go unnamed, so generated SQL cannot fill every connection', () => {
    for (let i = 0; i < 600; i++) statementConfig(`SELECT ${i} WHERE $1::int = 1`, [1]);
    expect(statementConfig('SELECT 599 WHERE $1::int = 1', [1]).name).toBeUndefined();
    expect(statementConfig('SELECT id FROM accounts WHERE id = $1', ['c']).name).toMatch(/^s_/);
  });
});
