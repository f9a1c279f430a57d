import json
POOL = "stratum+tcp://pool.supportxmr.com:3333"
req = {"id": 1, "method": "mining.subscribe", "params": ["xmrig/6.0"]}
print(json.dumps(req), POOL)
