import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, type EnumTypeDefinitionNode } from 'graphql';
import {
  STATUSES, STATUS_RULES, TRANSITIONS, describeExits, findTransition, lifecycleMarkdown, rolesInto, transitionsFrom, type Status,
} from '../../subgraphs/experiments/lifecycle';

const sdlEnum = (name: string) => {
  const doc = parse(readFileSync(resolve(__dirname, '../../schema/experiments.graphql'), 'utf8'));
  const node = doc.definitions.find((d): d is EnumTypeDefinitionNode => d.kind === 'EnumTypeDefinition' && d.name.value === name);
  return node!.values!.map((v) => v.name.value);
};

describe('experiment lifecycle transition table', () => {
  it('uses exactly the statuses the schema publishes', () => {
    expect(sdlEnum('ExperimentStatus')).toEqual([...STATUSES]);
    expect(Object.keys(STATUS_RULES).sort()).toEqual([...STATUSES].sort());
  });

  it('has the transitions of the beta process and no others', () => {
    const pairs = TRANSITIONS.map((t) => `${t.from}->${t.to}`).sort();
    expect(pairs).toEqual(
      ['IN_BETA->GRADUATED', 'IN_BETA->KILLED', 'IN_BETA->PAUSED', 'PAUSED->IN_BETA', 'PAUSED->KILLED', 'PROPOSED->IN_BETA', 'PROPOSED->KILLED'].sort(),
    );
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('gates entry and exit, and lets the kill switch through from every live status with a reason', () => {
    expect(findTransition('PROPOSED', 'IN_BETA')!.gate).toBe('ENTRY');
    expect(findTransition('PAUSED', 'IN_BETA')!.gate).toBe('ENTRY');
    expect(findTransition('IN_BETA', 'GRADUATED')!.gate).toBe('EXIT');
    for (const from of STATUSES.filter((s) => !STATUS_RULES[s].terminal)) {
      const kill = findTransition(from, 'KILLED');
      expect(kill).toMatchObject({ gate: 'NONE', reasonRequired: true });
    }
  });

  it('makes GRADUATED and KILLED final and skips nothing', () => {
    for (const s of ['GRADUATED', 'KILLED'] as Status[]) {
      expect(STATUS_RULES[s].terminal).toBe(true);
      expect(transitionsFrom(s)).toEqual([]);
      expect(describeExits(s)).toBe(`${s} is final.`);
    }
    expect(findTransition('PROPOSED', 'GRADUATED')).toBeUndefined();
    expect(findTransition('PAUSED', 'GRADUATED')).toBeUndefined();
    expect(findTransition('KILLED', 'IN_BETA')).toBeUndefined();
  });

  it('serves users only while IN_BETA, and freezes the definition while serving', () => {
    expect(STATUSES.filter((s) => STATUS_RULES[s].served)).toEqual(['IN_BETA']);
    expect(STATUSES.filter((s) => STATUS_RULES[s].editable)).toEqual(['PROPOSED', 'PAUSED']);
  });

  it('names roles for every transition, and unions them for retries', () => {
    for (const t of TRANSITIONS) expect(t.roles.length).toBeGreaterThan(0);
    expect(rolesInto('GRADUATED')).toEqual(['PRODUCT']);
    expect(rolesInto('KILLED')).toEqual(expect.arrayContaining(['PRODUCT', 'OPS', 'SECURITY']));
  });

  it('renders the same table as markdown for the docs', () => {
    const md = lifecycleMarkdown().split('\n');
    expect(md).toHaveLength(TRANSITIONS.length + 2);
    for (const t of TRANSITIONS) expect(md.some((l) => l.startsWith(`| ${t.from} | ${t.to} | ${t.gate} |`))).toBe(true);
    expect(describeExits('IN_BETA')).toBe('From IN_BETA it can move to PAUSED, GRADUATED, KILLED.');
  });
});
