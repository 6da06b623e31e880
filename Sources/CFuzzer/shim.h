#ifndef TIEOUT_CFUZZER_SHIM_H
#define TIEOUT_CFUZZER_SHIM_H
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's driver, for a program that has its own main (a SwiftPM executable always does):
   runs the fuzzer with the command line and the callback. Linked from libFuzzer by
   -sanitize=fuzzer; referenced only in the fuzzing build. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
