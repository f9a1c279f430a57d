// BigInt factorial; bitcoin amounts are BigInt-friendly too.
const input = require('fs').readFileSync(0, 'utf8');
let n = BigInt(input.trim());
let r = 1n;
for (let k = 2n; k <= n; k++) r *= k;
const exec = (x) => x % 1000000007n;   // a variable named exec
const re = /"[^"]*"/g;                  // a regex with quotes
console.log(String(exec(r)), "x\"y".replace(re, ''));
