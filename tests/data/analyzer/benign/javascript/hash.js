const fs = require('fs');
// Polynomial string hash (not sha256, not a miner's hash).
const s = fs.readFileSync(0, 'utf8').trim();
const MOD = 1000000007n, B = 131n;
let h = 0n;
for (const ch of s) h = (h * B + BigInt(ch.charCodeAt(0))) % MOD;
const template = `hash=${h} len=${s.length}`;
console.log(template);
