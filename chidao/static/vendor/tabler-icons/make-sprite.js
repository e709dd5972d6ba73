// Rebuild tabler-sprite.svg from the full @tabler/icons-sprite package, keeping
// only the icons listed in icons.txt (the full sprite is 2 MB; ours is ~20 kB).
//
//   cd /tmp/vendor && npm install @tabler/icons-sprite
//   node make-sprite.js node_modules/@tabler/icons-sprite/dist/tabler-sprite.svg icons.txt > tabler-sprite.svg
const fs = require("fs");

const [spritePath, listPath] = process.argv.slice(2);
const source = fs.readFileSync(spritePath, "utf8");
const names = fs.readFileSync(listPath, "utf8").split(/\s+/).filter(Boolean);
const symbols = [];
const missing = [];
for (const name of names) {
  const match = source.match(new RegExp(`<symbol id="tabler-${name}" [^>]*>[\\s\\S]*?</symbol>`));
  if (match) {
    // The invisible 24x24 bounding-box path only bloats the file.
    symbols.push(match[0].replace('<path stroke="none" d="M0 0h24v24H0z" fill="none" />', ""));
  } else {
    missing.push(name);
  }
}
if (missing.length) {
  console.error(`unknown icons: ${missing.join(" ")}`);
  process.exit(1);
}
process.stdout.write(`<svg xmlns="http://www.w3.org/2000/svg"><defs>\n${symbols.join("\n")}\n</defs></svg>\n`);
