#ifndef GIT_WARDEN_CLIBFUZZER_SHIM_H
#define GIT_WARDEN_CLIBFUZZER_SHIM_H
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's driver for programs that have their own main (compiler-rt FuzzerInterface.h). The fuzz binary is a
   Swift executable, whose main SwiftPM names and links itself; that main hands its arguments to libFuzzer here.
   The library itself comes from `swiftc -sanitize=fuzzer` at link time. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
