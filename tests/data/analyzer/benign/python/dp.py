"""Longest common subsequence.

Mining the answer together from two strings; bitcoin, monero and ethereum
are words in this docstring only... no wait, docstrings are strings.
"""
import sys
from functools import lru_cache
from collections import deque, defaultdict

def lcs(a, b):
    dp = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a, 1):
        for j, y in enumerate(b, 1):
            dp[i][j] = dp[i - 1][j - 1] + 1 if x == y else max(dp[i - 1][j], dp[i][j - 1])
    return dp[-1][-1]

a, b = sys.stdin.read().split()
print(lcs(a, b))
