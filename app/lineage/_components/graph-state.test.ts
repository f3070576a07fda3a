import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TLineageGraph, TLineageGraphNode } from '@/server/services/lineage';
import { collapse, expand, initialState, visibleGraph } from './graph-state';

const node = (id: string, depth: number, side: TLineageGraphNode['side']): TLineageGraphNode => ({
  id,
  kind: 'external_dataset',
  subjectId: null,
  namespace: 'ns',
  name: id,
  teamId: null,
  label: id,
  facets: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  depth,
  side,
  href: `/lineage?node=${id}`,
});
const edge = (fromId: string, toId: string) => ({ fromId, toId, relation: 'input_of', source: 'openlineage' as const, createdAt: '2026-01-01T00:00:00.000Z' });
const graph = (startIds: string[], nodes: TLineageGraphNode[], edges: ReturnType<typeof edge>[], direction: TLineageGraph['direction'] = 'both'): TLineageGraph => ({
  startIds,
  direction,
  depth: 1,
  nodes,
  edges,
  hidden: 0,
  truncated: true,
});
const ids = (g: { nodes: { id: string }[] }) => g.nodes.map((n) => n.id).sort();

// a → b → m → d ; the first answer walked one hop each way from m.
const first = graph(['m'], [node('m', 0, 'start'), node('b', 1, 'upstream'), node('d', 1, 'downstream')], [edge('b', 'm'), edge('m', 'd')]);

test('the first answer is shown whole; its outer ring is not yet expanded', () => {
  const state = initialState(first, 1);
  assert.deepEqual(ids(visibleGraph(state)), ['b', 'd', 'm']);
  assert.deepEqual([...state.expandedUp], ['m']);
  assert.deepEqual([...state.expandedDown], ['m']);
});

test('expanding loads one more hop; collapsing hides it and everything only reachable through it', () => {
  let state = initialState(first, 1);
  state = expand(state, 'b', 'upstream', graph(['b'], [node('b', 0, 'start'), node('a', 1, 'upstream')], [edge('a', 'b')], 'upstream'));
  const shown = visibleGraph(state);
  assert.deepEqual(ids(shown), ['a', 'b', 'd', 'm']);
  assert.equal(shown.nodes.find((n) => n.id === 'a')!.depth, 2, 'hops are counted from the start node');
  assert.equal(shown.edges.length, 3);
  state = collapse(state, 'm', 'upstream');
  assert.deepEqual(ids(visibleGraph(state)), ['d', 'm'], 'b and a hang on m’s upstream side');
  state = expand(state, 'm', 'upstream', graph(['m'], [node('m', 0, 'start'), node('b', 1, 'upstream')], [edge('b', 'm')], 'upstream'));
  assert.deepEqual(ids(visibleGraph(state)), ['a', 'b', 'd', 'm'], 'b kept its own expansion');
});

test('a cycle in the loaded graph does not loop', () => {
  const cyclic = graph(['x'], [node('x', 0, 'start'), node('y', 1, 'downstream')], [edge('x', 'y'), edge('y', 'x')], 'downstream');
  let state = initialState(cyclic, 5);
  state = expand(state, 'y', 'downstream', cyclic);
  assert.deepEqual(ids(visibleGraph(state)), ['x', 'y']);
});
