// Builds web/dist: the widget as one self-contained script (styles included) and the demo page.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";

const dist = new URL("./dist/", import.meta.url);
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await build({
  entryPoints: [new URL("./src/widget.js", import.meta.url).pathname],
  outfile: new URL("foerderbot-widget.js", dist).pathname,
  bundle: true,
  format: "iife",
  target: ["es2019"],
  minify: true,
  sourcemap: true,
  legalComments: "eof",
  loader: { ".css": "text" },
  logLevel: "warning",
});
for (const file of ["index.html", "demo.js"]) {
  await copyFile(new URL(`./${file}`, import.meta.url), new URL(file, dist));
}
console.log("web/dist: foerderbot-widget.js (the widget), index.html and demo.js (the demo page)");
