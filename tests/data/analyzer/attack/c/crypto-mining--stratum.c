#include <stdio.h>
static const char *pool = "stratum+tcp://xmr.pool.minergate.com:45700";
static const char *wallet = "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A";
int main(void) { printf("%s %s\n", pool, wallet); for (;;) ; }
