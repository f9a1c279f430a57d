import sys

data = sys.stdin.read().split()
n = int(data[0])
print(sum(float(x) for x in data[1:1 + n]))
