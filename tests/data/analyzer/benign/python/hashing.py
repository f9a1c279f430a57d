import hashlib
import sys
# sha256 of each line: a hash problem, not a mining one.
for line in sys.stdin:
    line = line.rstrip("\n")
    h = hashlib.sha256(line.encode()).hexdigest()
    print(h[:16], f"{len(line)} chars", f'{{literal}}')
nums = [int(x) for x in "1 2 3".split()]
total = eval("+".join(map(str, nums)))  # golfers do this
print(total)
