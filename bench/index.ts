export {};

const load = () => import('./load/main');

/** `npm run bench -- <scenario> [options]`: runs one benchmark of `bench/`. */
const SCENARIOS: Record<string, () => Promise<unknown>> = {
  amendments: () => import('./amendments'),
  'amendment-objects': () => import('./amendment-objects'),
  integrity: () => import('./integrity'),
  startup: () => import('./startup'),
  precedents: () => import('./precedents'),
  'keystroke-frame': () => import('./keystroke-frame'),
  typing: load,
  committee: load,
  burst: load,
  latejoin: load,
  reconnect: load,
  soak: load,
};

const scenario = process.argv[2];
const run = scenario ? SCENARIOS[scenario] : undefined;
if (!run) {
  console.error(`Usage: npm run bench -- <${Object.keys(SCENARIOS).join(' | ')}> [options]`);
  process.exit(2);
}
await run();
