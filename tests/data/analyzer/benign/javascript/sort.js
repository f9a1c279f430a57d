// Read all of stdin through fs (the usual way), sort, print.
const fs = require('fs');
const data = fs.readFileSync(0, 'utf8').trim().split(/\s+/).map(Number);
const n = data[0];
const xs = data.slice(1, 1 + n).sort((a, b) => a - b);
const method = "numeric";
console.log(xs.join(' '));
console.error(`${method}: ${xs.length} values`);
