import os from 'node:os';
import { median } from '../harness';
import type { Convergence, EditFigures, ResourceFigures } from './load-run';
import type { RunResult } from './scenarios';
import type { BackendKind } from './worker-protocol';

/** Above this share of one core, a client process may be what limits the load. */
export const CLIENT_CPU_WARNING = 70;

/** Above this share of every core (server and client processes together), the machine is saturated. */
const MACHINE_CPU_WARNING = 90;

function convergenceLine(c: Convergence): string {
  if (c.drafts <= 1) {
    return c.distinct === 1
      ? `converged: all ${c.clients} clients hold the same draft`
      : `NOT converged: ${c.distinct} different drafts among ${c.clients} clients`;
  }
  return c.diverged === 0
    ? `converged: in each of the ${c.drafts} drafts, its clients hold the same text (${c.clients} clients)`
    : `NOT converged: in ${c.diverged} of ${c.drafts} drafts the clients hold different texts ` +
        `(up to ${c.distinct} versions in one draft; ${c.clients} clients)`;
}

/** A figure of the comparison table: name, value, unit, and whether lower is better. */
interface Figure {
  name: string;
  value: number;
  unit: string;
}

function fmt(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 1000) return value.toFixed(0);
  return value.toFixed(digits);
}

function deliveredShare(edits: EditFigures): number {
  return (100 * edits.delivered) / Math.max(edits.expected, 1);
}

function editLines(edits: EditFigures): string[] {
  const share = deliveredShare(edits);
  return [
    `  ${edits.typists} typists, ${edits.sent} edits sent; delivered ${edits.delivered}/${edits.expected} ` +
      `(${share.toFixed(2)} %), ${edits.reachedAll}/${edits.sent} edits reached every other client` +
      (edits.settled ? '' : ' — NOT everything arrived within the settle time'),
    `  latency to first other client: p50 ${fmt(edits.firstP50)}  p95 ${fmt(edits.firstP95)}  p99 ${fmt(edits.firstP99)} ms`,
    `  latency to each other client:  p50 ${fmt(edits.eachP50)}  p95 ${fmt(edits.eachP95)}  p99 ${fmt(edits.eachP99)} ms (every edit × receiver)`,
    `  latency to all other clients:  p50 ${fmt(edits.allP50)}  p95 ${fmt(edits.allP95)}  p99 ${fmt(edits.allP99)} ms`,
  ];
}

function resourceLines(r: ResourceFigures): string[] {
  const cpu = r.clientCpuPercent.map((c) => `${fmt(c, 0)} %`).join(', ');
  return [
    `  server process: CPU ${fmt(r.serverCpuPercent)} % of one core, RSS ${fmt(r.serverRssMb, 0)} MB (peak ${fmt(r.serverPeakRssMb, 0)} MB); event-loop lag p99 ${fmt(r.serverLagP99)} max ${fmt(r.serverLagMax)} ms`,
    `  client process${r.clientCpuPercent.length > 1 ? 'es' : ''}: CPU ${cpu} of one core; event-loop lag p50 ${fmt(r.lagP50)} p99 ${fmt(r.lagP99)} max ${fmt(r.lagMax)} ms`,
    `  clients sent ${fmt(r.sentMb, 2)} MB, received ${fmt(r.receivedMb, 2)} MB`,
  ];
}

/** Everything a run measured, as lines for the terminal. */
export function describeRun(result: RunResult): string {
  const lines = [
    `── ${result.scenario} · ${result.backend} · round ${result.round} ──`,
    `${result.clients} clients connected${result.converged.drafts > 1 ? ` to ${result.converged.drafts} drafts` : ''} (synced p50 ${fmt(result.connect.p50)} ms, p95 ${fmt(result.connect.p95)} ms, max ${fmt(result.connect.max)} ms)`,
  ];
  for (const phase of result.phases) {
    lines.push(`${phase.name} (${phase.resources.seconds.toFixed(1)} s):`);
    if (phase.edits) lines.push(...editLines(phase.edits));
    lines.push(...resourceLines(phase.resources));
  }
  for (const [name, value, unit] of result.extra)
    lines.push(`  ${name}: ${fmt(value)} ${unit}`.trimEnd());
  lines.push(convergenceLine(result.converged));
  const busiest = Math.max(...result.phases.flatMap((p) => p.resources.clientCpuPercent));
  if (busiest > CLIENT_CPU_WARNING) {
    lines.push(
      `WARNING: a client process used ${busiest.toFixed(0)} % of a core (> ${CLIENT_CPU_WARNING} %): ` +
        'the load generator, not the server, may set these latencies; spread the clients with --procs P ' +
        '(on this machine the server and the clients share its cores).',
    );
  }
  const cores = os.availableParallelism();
  const busiestPhase = Math.max(
    ...result.phases.map(
      (p) => p.resources.serverCpuPercent + p.resources.clientCpuPercent.reduce((s, c) => s + c, 0),
    ),
  );
  if (busiestPhase > MACHINE_CPU_WARNING * cores) {
    lines.push(
      `WARNING: the server and the client processes together used ${busiestPhase.toFixed(0)} % of ` +
        `one core, of the ${cores} cores' ${100 * cores} %: the machine is saturated, and the ` +
        "generator competes with the server for it; these latencies are partly the machine's.",
    );
  }
  return lines.join('\n');
}

/** The figures of a run that the comparison table shows. */
function figures(result: RunResult): Figure[] {
  const main = result.phases.find((p) => p.name === result.main) ?? result.phases[0];
  const out: Figure[] = [];
  const edits = main?.edits;
  if (edits) {
    out.push(
      { name: 'edits sent', value: edits.sent, unit: '' },
      {
        name: 'delivered',
        value: (100 * edits.delivered) / Math.max(edits.expected, 1),
        unit: '%',
      },
      { name: 'latency to first other p50', value: edits.firstP50, unit: 'ms' },
      { name: 'latency to first other p95', value: edits.firstP95, unit: 'ms' },
      { name: 'latency to first other p99', value: edits.firstP99, unit: 'ms' },
      { name: 'latency to each other p50', value: edits.eachP50, unit: 'ms' },
      { name: 'latency to each other p95', value: edits.eachP95, unit: 'ms' },
      { name: 'latency to each other p99', value: edits.eachP99, unit: 'ms' },
      { name: 'latency to all others p50', value: edits.allP50, unit: 'ms' },
      { name: 'latency to all others p95', value: edits.allP95, unit: 'ms' },
      { name: 'latency to all others p99', value: edits.allP99, unit: 'ms' },
    );
  }
  if (main) {
    const r = main.resources;
    out.push(
      { name: 'server CPU (% of one core)', value: r.serverCpuPercent, unit: '%' },
      { name: 'server RSS at end', value: r.serverRssMb, unit: 'MB' },
      { name: 'server peak RSS', value: r.serverPeakRssMb, unit: 'MB' },
      { name: 'server event-loop lag p99', value: r.serverLagP99, unit: 'ms' },
      { name: 'server event-loop lag max', value: r.serverLagMax, unit: 'ms' },
      { name: 'client CPU, busiest process', value: Math.max(...r.clientCpuPercent), unit: '%' },
      { name: 'client event-loop lag p99', value: r.lagP99, unit: 'ms' },
      { name: 'client bytes sent', value: r.sentMb * 1000, unit: 'kB' },
      { name: 'client bytes received', value: r.receivedMb * 1000, unit: 'kB' },
    );
  }
  // The other phases: the essentials only.
  for (const phase of result.phases) {
    if (phase === main) continue;
    if (phase.edits) {
      out.push(
        { name: `${phase.name}: delivered`, value: deliveredShare(phase.edits), unit: '%' },
        { name: `${phase.name}: latency to all others p50`, value: phase.edits.allP50, unit: 'ms' },
        { name: `${phase.name}: latency to all others p99`, value: phase.edits.allP99, unit: 'ms' },
      );
    }
    out.push({
      name: `${phase.name}: server CPU`,
      value: phase.resources.serverCpuPercent,
      unit: '%',
    });
  }
  out.push(
    { name: 'connect: synced p50', value: result.connect.p50, unit: 'ms' },
    { name: 'connect: synced p95', value: result.connect.p95, unit: 'ms' },
  );
  for (const [name, value, unit] of result.extra) out.push({ name, value, unit });
  out.push({ name: 'converged (distinct drafts)', value: result.converged.distinct, unit: '' });
  if (result.converged.drafts > 1) {
    out.push({ name: 'drafts not converged', value: result.converged.diverged, unit: '' });
  }
  return out;
}

/**
 * A Markdown table of every figure, per server the median over its rounds,
 * with the ratio Concord ÷ each baseline.
 */
export function comparisonTable(results: RunResult[]): string {
  const backends = [...new Set(results.map((r) => r.backend))] as BackendKind[];
  const names: string[] = [];
  const units = new Map<string, string>();
  const values = new Map<string, Map<BackendKind, number[]>>();
  for (const result of results) {
    for (const figure of figures(result)) {
      if (!values.has(figure.name)) {
        names.push(figure.name);
        units.set(figure.name, figure.unit);
        values.set(figure.name, new Map());
      }
      const perBackend = values.get(figure.name);
      const list = perBackend?.get(result.backend) ?? [];
      list.push(figure.value);
      perBackend?.set(result.backend, list);
    }
  }
  const baselines = backends.filter((b) => b !== 'concord');
  const rounds = Math.max(...backends.map((b) => results.filter((r) => r.backend === b).length));
  const header = [
    `figure (median of ${rounds} round${rounds > 1 ? 's' : ''})`,
    'unit',
    ...backends,
    ...baselines.map((b) => `concord ÷ ${b}`),
  ];
  const rows = names.map((name) => {
    const medians = backends.map((b) => median(values.get(name)?.get(b) ?? []));
    const concord = medians[backends.indexOf('concord')] ?? Number.NaN;
    const ratios = baselines.map((b) => {
      const other = medians[backends.indexOf(b)] ?? Number.NaN;
      return other !== 0 && Number.isFinite(other) && Number.isFinite(concord)
        ? (concord / other).toFixed(2)
        : '—';
    });
    return [name, units.get(name) ?? '', ...medians.map((m) => fmt(m)), ...ratios];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
