// Vectorscan (a Hyperscan fork) scans all secret rules in one pass; only WardenSecrets imports it.
#include <hs/hs.h>
