// Supercluster on the same points and requests as bench/atlas_speed.py, for comparison.
//   npm install --prefix bench/supercluster
//   node bench/supercluster/bench.mjs POINTS.json [--repeat 15] [--viewports 40]
// Prints the index build time (with and without a filter: Supercluster filters by
// building an index of the filtered points) and getClusters() p50 / p95 per zoom.
import { readFileSync } from "node:fs";
import Supercluster from "supercluster";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const repeat = option("--repeat", 15);
const viewports = option("--viewports", 40);
const MAGHREB = [-17.2, 21.0, 11.8, 37.6];
const WIDTH = 1280;
const HEIGHT = 800;

const started = performance.now();
const rows = JSON.parse(readFileSync(args[0], "utf8"));
const features = rows.map(([lon, lat, form], id) => ({
  type: "Feature",
  geometry: { type: "Point", coordinates: [lon, lat] },
  properties: { id, legal_form: form },
}));
console.log(`${features.length.toLocaleString("en")} points read in ${((performance.now() - started) / 1000).toFixed(1)} s`);

// Radius 40 px on 256-px tiles: the separation the Atlas keeps between its clusters.
const options = { radius: 40, extent: 256, maxZoom: 16, minZoom: 0 };
function build(points) {
  const t = performance.now();
  const index = new Supercluster(options).load(points);
  return [index, performance.now() - t];
}
const [all, allMs] = build(features);
const cooperatives = features.filter((f) => f.properties.legal_form === "cooperative");
const [coop, coopMs] = build(cooperatives);
const memory = process.memoryUsage().heapUsed / 1e6;
console.log(`index of every point: ${(allMs / 1000).toFixed(1)} s; of the ${cooperatives.length.toLocaleString("en")} cooperatives: ${(coopMs / 1000).toFixed(1)} s; heap ${memory.toFixed(0)} MB`);

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.round((p / 100) * (sorted.length - 1)))];
}
function project([lon, lat]) {
  const sin = Math.sin((lat * Math.PI) / 180);
  return [(lon + 180) / 360, 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)];
}
function unproject(x, y) {
  return [x * 360 - 180, (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI];
}
function viewport(point, zoom) {
  const [x, y] = project(point);
  const pixel = 1 / (256 * 2 ** zoom);
  const [west, north] = unproject(x - (WIDTH / 2) * pixel, y - (HEIGHT / 2) * pixel);
  const [east, south] = unproject(x + (WIDTH / 2) * pixel, y + (HEIGHT / 2) * pixel);
  return [Math.max(-180, west), Math.max(-85, south), Math.min(180, east), Math.min(85, north)];
}
let seed = 7;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const sample = Array.from({ length: viewports }, () => rows[Math.floor(random() * rows.length)]);

console.log(`\ngetClusters() in ms, p50 / p95 (whole: ${repeat} requests; view: ${viewports}); features returned for the whole box\n`);
console.log("| zoom | whole none | whole cooperatives | view none | view cooperatives | features (whole) |");
console.log("|---|---|---|---|---|---|");
for (let zoom = 4; zoom <= 16; zoom++) {
  const cells = [];
  let count = 0;
  for (const kind of ["whole", "view"]) {
    for (const index of [all, coop]) {
      const times = [];
      const boxes = kind === "whole" ? Array(repeat).fill(MAGHREB) : sample.map((p) => viewport(p, zoom));
      for (const box of boxes) {
        const t = performance.now();
        const clusters = index.getClusters(box, zoom);
        // What a server would then send: the answer as JSON.
        JSON.stringify(clusters);
        times.push(performance.now() - t);
        if (kind === "whole" && index === all) count = clusters.length;
      }
      cells.push(`${percentile(times, 50).toFixed(1)} / ${percentile(times, 95).toFixed(1)}`);
    }
  }
  console.log(`| ${zoom} | ${cells.join(" | ")} | ${count.toLocaleString("en")} |`);
}
