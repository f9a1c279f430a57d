# 30 points: adds one by one, too slow past N = 1000.
n = int(input())
s = 0
for i in range(1, n + 1):
    s = (s + i) % 1000000007
print(s)
