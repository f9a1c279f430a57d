# 0 points: sums 1 .. N-1.
n = int(input())
print(n * (n - 1) // 2 % 1000000007)
