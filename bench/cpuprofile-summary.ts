/**
 * Reads a `.cpuprofile` (from `node --cpu-prof`) and prints the functions with the most self time,
 * with their total (self + callees) time, as a Markdown table; then self time per package or
 * source folder. Usage: node cpuprofile-summary.js <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const where = (node: ProfileNode): string => {
  const { url, lineNumber } = node.callFrame;
  const short = url.replace(/^file:\/\/.*?\/node_modules\//, '').replace(/^file:\/\/.*?\/dist\//, '');
  return short === '' ? '' : `${short}:${lineNumber + 1}`;
};
const keyOf = (node: ProfileNode): string => `${node.callFrame.functionName || '(anonymous)'} ${where(node)}`.trim();
/** The package (node_modules) or the source folder a frame belongs to. */
const areaOf = (node: ProfileNode): string => {
  const { url, functionName } = node.callFrame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1];
  const own = /\/dist\/((?:src|bench|templates)\/[^/]+)/.exec(url);
  if (own) return own[1];
  return url.startsWith('node:') ? 'node (built-in)' : url;
};

const self = new Map<string, number>();
const total = new Map<string, number>();
const areas = new Map<string, number>();
let all = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const delta = profile.timeDeltas[i] ?? 0;
  all += delta;
  const leaf = byId.get(profile.samples[i]);
  if (leaf === undefined) continue;
  self.set(keyOf(leaf), (self.get(keyOf(leaf)) ?? 0) + delta);
  areas.set(areaOf(leaf), (areas.get(areaOf(leaf)) ?? 0) + delta);
  // Each function once per sample, however deep its recursion.
  const seen = new Set<string>();
  for (let node: ProfileNode | undefined = leaf; node !== undefined; node = byId.get(parent.get(node.id) ?? -1)) {
    const key = keyOf(node);
    if (seen.has(key)) continue;
    seen.add(key);
    total.set(key, (total.get(key) ?? 0) + delta);
  }
}

const ms = (us: number): string => (us / 1000).toFixed(0);
const pct = (us: number): string => ((100 * us) / all).toFixed(1);
const lines = [`Sampled ${ms(all)} ms.`, '', '| self ms | self % | total ms | function |', '|---:|---:|---:|---|'];
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  lines.push(`| ${ms(us)} | ${pct(us)} | ${ms(total.get(key) ?? 0)} | \`${key}\` |`);
}
lines.push('', '| self ms | self % | package or folder |', '|---:|---:|---|');
for (const [area, us] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`| ${ms(us)} | ${pct(us)} | ${area} |`);
console.log(lines.join('\n'));
