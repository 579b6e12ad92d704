import os from 'node:os';
import { median } from '../harness';
import type { Convergence, EditFigures, ResourceFigures } from './load-run';
import type { RunResult } from './scenarios';

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

function serverLines(r: ResourceFigures): string[] {
  const each = r.serverProcesses;
  if (!each) {
    return [
      `  server process: CPU ${fmt(r.serverCpuPercent)} % of one core, RSS ${fmt(r.serverRssMb, 0)} MB (peak ${fmt(r.serverPeakRssMb, 0)} MB); event-loop lag p99 ${fmt(r.serverLagP99)} max ${fmt(r.serverLagMax)} ms`,
    ];
  }
  return [
    `  ${each.length} server processes together: CPU ${fmt(r.serverCpuPercent)} % of one core, RSS ${fmt(r.serverRssMb, 0)} MB (peak ${fmt(r.serverPeakRssMb, 0)} MB)`,
    ...each.map(
      (s, i) =>
        `    server process ${i + 1}: CPU ${fmt(s.cpuPercent)} %, RSS ${fmt(s.rssMb, 0)} MB (peak ${fmt(s.peakRssMb, 0)} MB); event-loop lag p99 ${fmt(s.lagP99)} max ${fmt(s.lagMax)} ms`,
    ),
  ];
}

function resourceLines(r: ResourceFigures): string[] {
  const cpu = r.clientCpuPercent.map((c) => `${fmt(c, 0)} %`).join(', ');
  return [
    ...serverLines(r),
    ...(r.databaseCpuPercent === undefined
      ? []
      : [
          `  PostgreSQL: CPU ${fmt(r.databaseCpuPercent)} % of one core (its processes serving the run's database)`,
        ]),
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
      (p) =>
        p.resources.serverCpuPercent +
        (p.resources.databaseCpuPercent ?? 0) +
        p.resources.clientCpuPercent.reduce((s, c) => s + c, 0),
    ),
  );
  const onPostgres = result.phases.some((p) => p.resources.databaseCpuPercent !== undefined);
  if (busiestPhase > MACHINE_CPU_WARNING * cores) {
    lines.push(
      `WARNING: the server${onPostgres ? ', PostgreSQL' : ''} and the client processes together used ${busiestPhase.toFixed(0)} % of ` +
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
    // Several server processes: the server rows add them up (lags: the worst), then each.
    out.push(
      { name: 'server CPU (% of one core)', value: r.serverCpuPercent, unit: '%' },
      ...(r.serverProcesses ?? []).map((s, i) => ({
        name: `server process ${i + 1} CPU`,
        value: s.cpuPercent,
        unit: '%',
      })),
      ...(r.databaseCpuPercent === undefined
        ? []
        : [
            { name: "PostgreSQL CPU (the run's database)", value: r.databaseCpuPercent, unit: '%' },
          ]),
      { name: 'server RSS at end', value: r.serverRssMb, unit: 'MB' },
      ...(r.serverProcesses ?? []).map((s, i) => ({
        name: `server process ${i + 1} RSS at end`,
        value: s.rssMb,
        unit: 'MB',
      })),
      { name: 'server peak RSS', value: r.serverPeakRssMb, unit: 'MB' },
      { name: 'server event-loop lag p99', value: r.serverLagP99, unit: 'ms' },
      ...(r.serverProcesses ?? []).map((s, i) => ({
        name: `server process ${i + 1} event-loop lag p99`,
        value: s.lagP99,
        unit: 'ms',
      })),
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

/** Whether a server label is Concord's (`concord`, or `concord-<deployment>`). */
function isConcord(label: string): boolean {
  return label === 'concord' || label.startsWith('concord-');
}

function ratio(over: number, under: number): string {
  return under !== 0 && Number.isFinite(under) && Number.isFinite(over)
    ? (over / under).toFixed(2)
    : '—';
}

/**
 * A Markdown table of every figure, per server the median over its rounds,
 * with the ratio of Concord (its first deployment) ÷ each baseline, and of
 * each other deployment of Concord ÷ the first.
 */
export function comparisonTable(results: RunResult[]): string {
  const backends = [...new Set(results.map((r) => r.backend))];
  const names: string[] = [];
  const units = new Map<string, string>();
  const values = new Map<string, Map<string, number[]>>();
  for (const result of results) {
    let previous: string | undefined;
    for (const figure of figures(result)) {
      if (!values.has(figure.name)) {
        // A figure only some servers have goes where they list it, not at the end.
        names.splice(previous === undefined ? 0 : names.indexOf(previous) + 1, 0, figure.name);
        units.set(figure.name, figure.unit);
        values.set(figure.name, new Map());
      }
      previous = figure.name;
      const perBackend = values.get(figure.name);
      const list = perBackend?.get(result.backend) ?? [];
      list.push(figure.value);
      perBackend?.set(result.backend, list);
    }
  }
  const reference = backends.find(isConcord) ?? 'concord';
  const deployments = backends.filter((b) => isConcord(b) && b !== reference);
  const baselines = backends.filter((b) => !isConcord(b));
  const rounds = Math.max(...backends.map((b) => results.filter((r) => r.backend === b).length));
  const header = [
    `figure (median of ${rounds} round${rounds > 1 ? 's' : ''})`,
    'unit',
    ...backends,
    ...deployments.map((d) => `${d} ÷ ${reference}`),
    ...baselines.map((b) => `${reference} ÷ ${b}`),
  ];
  const rows = names.map((name) => {
    const medians = new Map(backends.map((b) => [b, median(values.get(name)?.get(b) ?? [])]));
    const of = (b: string) => medians.get(b) ?? Number.NaN;
    return [
      name,
      units.get(name) ?? '',
      ...backends.map((b) => fmt(of(b))),
      ...deployments.map((d) => ratio(of(d), of(reference))),
      ...baselines.map((b) => ratio(of(reference), of(b))),
    ];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
