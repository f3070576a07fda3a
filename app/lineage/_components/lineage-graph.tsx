'use client';
import '@xyflow/react/dist/style.css';
import './lineage.css';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import Link from 'next/link';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';
import type { TLineageGraphNode } from '@/server/services/lineage';
import { collapse, expand, initialState, visibleGraph, type TGraphState } from './graph-state';
import { KIND_LABELS } from './kind-labels';
import { layoutLineage, NODE_HEIGHT, NODE_WIDTH } from './layout';


/** One line of the node's most telling fact: a hash, the code commit, the environment, the day. */
function detailOf(node: TLineageGraphNode): string {
  const f = node.facets;
  const short = (v: unknown) => (typeof v === 'string' ? v.slice(0, 12) : '');
  switch (node.kind) {
    case 'dataset_version':
      return `sha256 ${short(f.sha256)}…`;
    case 'model_version':
      return `sha256 ${short(f.artifactSha256)}…`;
    case 'training_run':
      return `code ${short(f.codeHash)}`;
    case 'deployment':
      return `${String(f.environment ?? '')} · ${String(f.deploymentKind ?? '')}`;
    case 'prediction_batch':
      return `${String(f.day ?? node.name)} (UTC)`;
    default:
      return node.namespace;
  }
}

type TToggle = (nodeId: string, direction: 'upstream' | 'downstream') => void;
type TNodeData = { node: TLineageGraphNode; isStart: boolean; upOpen: boolean; downOpen: boolean; busy: boolean };
type TFlowNode = Node<TNodeData, 'lineage'>;

const ToggleContext = createContext<TToggle>(() => {});

const DIRECTION_TITLES = { upstream: 'what it came from', downstream: 'what was made from it' } as const;

/** Opens or closes one side of a node: its inputs (upstream) or what was made from it (downstream). */
function DirectionToggle({ node, direction, open, busy }: { node: TFlowNode['data']['node']; direction: keyof typeof DIRECTION_TITLES; open: boolean; busy: boolean }) {
  const toggle = useContext(ToggleContext);
  const verb = open ? 'Hide' : 'Show';
  return (
    <button
      type="button"
      className="lineage-toggle nodrag"
      disabled={busy}
      aria-label={`${verb} ${direction} of ${node.label}`}
      title={`${verb} ${DIRECTION_TITLES[direction]}`}
      onClick={() => toggle(node.id, direction)}
    >
      {open ? '−' : '+'}
    </button>
  );
}

function LineageNodeView({ data }: NodeProps<TFlowNode>) {
  const { node, isStart, upOpen, downOpen, busy } = data;
  return (
    <div className={`lineage-node lineage-${node.kind}${isStart ? ' lineage-start' : ''}`} data-node-id={node.id} style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <DirectionToggle node={node} direction="upstream" open={upOpen} busy={busy} />
      <div className="lineage-body">
        <span className="lineage-kind">{KIND_LABELS[node.kind] ?? node.kind}</span>
        <Link href={node.href} className="lineage-label nodrag" title={node.label}>
          {node.label}
        </Link>
        <span className="lineage-detail">{detailOf(node)}</span>
      </div>
      <DirectionToggle node={node} direction="downstream" open={downOpen} busy={busy} />
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { lineage: LineageNodeView };

function Canvas({ state, busy, toggle, height }: { state: TGraphState; busy: string | null; toggle: TToggle; height: number }) {
  const shown = useMemo(() => visibleGraph(state), [state]);
  const [positions, setPositions] = useState<Map<string, { x: number; y: number }> | null>(null);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  const flow = useReactFlow();

  useEffect(() => {
    let current = true;
    layoutLineage(shown.nodes, shown.edges).then(
      (p) => current && setPositions(p),
      (e: unknown) => current && setLayoutError(String(e)),
    );
    return () => {
      current = false;
    };
  }, [shown]);

  // Fit the view once per new layout (not on every render: useReactFlow's object is not stable).
  const fitView = useRef(flow.fitView);
  fitView.current = flow.fitView;
  useEffect(() => {
    if (!positions) return;
    const frame = requestAnimationFrame(() => void fitView.current({ padding: 0.15, maxZoom: 1.1 }));
    return () => cancelAnimationFrame(frame);
  }, [positions]);

  const nodes: TFlowNode[] = shown.nodes
    .filter((n) => positions?.has(n.id))
    .map((n) => ({
      id: n.id,
      type: 'lineage',
      position: positions!.get(n.id)!,
      data: {
        node: n,
        isStart: state.startIds.includes(n.id),
        upOpen: state.expandedUp.has(n.id),
        downOpen: state.expandedDown.has(n.id),
        busy: busy === n.id,
      },
    }));
  const edges: Edge[] = shown.edges.map((e) => ({
    id: `${e.fromId}|${e.toId}|${e.relation}`,
    source: e.fromId,
    target: e.toId,
    label: e.relation.replace(/_/g, ' '),
    markerEnd: { type: MarkerType.ArrowClosed },
    className: `lineage-edge lineage-edge-${e.source}`,
  }));

  if (layoutError) return <p role="alert" className="error">The graph could not be laid out: {layoutError}</p>;
  return (
    <ToggleContext.Provider value={toggle}>
      <div className="lineage-canvas" style={{ height }} aria-label="Lineage graph" role="figure" aria-busy={!positions}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          minZoom={0.1}
          proOptions={{ hideAttribution: true }}
          fitView
        >
          <Background gap={24} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </ToggleContext.Provider>
  );
}

/**
 * The interactive lineage graph around one node or a set: laid out by elkjs, drawn by React Flow.
 * Each node links to its page; its − and + buttons hide or load one more hop upstream (left) or
 * downstream (right). Nodes the reader may not see are never sent by the server, only counted.
 */
export function LineageGraph({ startIds, depth = 2, height = 520, showTable = true }: { startIds: string[]; depth?: number; height?: number; showTable?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const first = useQuery(trpc.lineage.graph.queryOptions({ nodeIds: startIds, direction: 'both', depth, maxNodes: 2000 }));
  const [state, setState] = useState<TGraphState | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (first.data) setState(initialState(first.data, depth));
  }, [first.data, depth]);

  const toggle = useCallback<TToggle>(
    (nodeId, direction) => {
      if (!state) return;
      const open = direction === 'upstream' ? state.expandedUp.has(nodeId) : state.expandedDown.has(nodeId);
      if (open) {
        setState(collapse(state, nodeId, direction));
        return;
      }
      setBusy(nodeId);
      setError(null);
      queryClient
        .fetchQuery(trpc.lineage.graph.queryOptions({ nodeIds: [nodeId], direction, depth: 1, maxNodes: 500 }))
        .then(
          (graph) => setState((s) => (s ? expand(s, nodeId, direction, graph) : s)),
          (e: unknown) => setError(errorMessage(e)),
        )
        .finally(() => setBusy(null));
    },
    [state, queryClient, trpc],
  );

  if (first.error) return <p role="alert" className="error">{errorMessage(first.error)}</p>;
  if (!state) return <p className="muted">Loading lineage…</p>;
  const shown = visibleGraph(state);
  return (
    <div className="stack">
      <ReactFlowProvider>
        <Canvas state={state} busy={busy} toggle={toggle} height={height} />
      </ReactFlowProvider>
      {error && <p role="alert" className="error">{error}</p>}
      <p className="muted" aria-live="polite">
        {shown.nodes.length} nodes, {shown.edges.length} edges shown.
        {state.hidden > 0 && ` ${state.hidden} more ${state.hidden === 1 ? 'node is' : 'nodes are'} outside what you may see and not shown.`}
        {state.truncated && ' Use + on a node to load more.'}
      </p>
      {showTable && (
        <details>
          <summary>Nodes as a table</summary>
          <table aria-label="Lineage nodes">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Node</th>
                <th>Hops</th>
                <th>Side</th>
              </tr>
            </thead>
            <tbody>
              {[...shown.nodes]
                .sort((a, b) => a.depth - b.depth || a.label.localeCompare(b.label))
                .map((n) => (
                  <tr key={n.id}>
                    <td>{KIND_LABELS[n.kind] ?? n.kind}</td>
                    <td>
                      <Link href={n.href}>{n.label}</Link>
                    </td>
                    <td>{n.depth}</td>
                    <td>{n.side}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
