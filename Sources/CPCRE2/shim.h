// PCRE2 confirms Vectorscan hits and extracts capture groups. The 8-bit library is the one we link, so the code
// unit width must be fixed before the header is read; Swift code calls the `_8` symbols directly.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
