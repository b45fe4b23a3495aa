// Read bandwidth: sums a float array with OMP_NUM_THREADS threads, best of several passes.
// Build and run: gcc -O3 -march=native -ffast-math -fopenmp -o /tmp/read-bandwidth tools/bench/read-bandwidth.c && OMP_NUM_THREADS=1 /tmp/read-bandwidth
// Optional arguments: working-set sizes in MiB (default 2048, far beyond the caches: main memory), e.g.
//   OMP_NUM_THREADS=2 /tmp/read-bandwidth 2 8 24 64 2048
// A small working set is read again and again, so it is served from the caches: what a model whose weights and KV cache
// fit there (maria-tiny) can read at, against main memory for the real-scale shapes.
// The memory-bandwidth bound of decoding is this figure divided by the bytes one step reads.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <omp.h>

static double seconds_now(void) {
  struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9;
}

// Best GB/s over passes of about 0.3 s each (at least 3), over n floats.
static double measure(size_t n) {
  float *a = malloc(n * sizeof(float));
  if (!a) { fprintf(stderr, "error: cannot allocate %zu MiB; pass a smaller size\n", n * sizeof(float) >> 20); exit(1); }
  for (size_t i = 0; i < n; i++) a[i] = 1.0f;
  size_t sweeps = 1; volatile float sink = 0; double best = 0;
  for (int pass = 0; pass < 8; pass++) {
    double t0 = seconds_now();
    // 64 independent sums (several vector registers), so that the adds' latency never limits a cache-resident read.
    float sums[64] = {0};
    for (size_t sweep = 0; sweep < sweeps; sweep++) {
      _Pragma("omp parallel for reduction(+:sums[:64])")
      for (size_t i = 0; i < n; i += 64) {
        for (int j = 0; j < 64; j++) sums[j] += a[i + j];
      }
    }
    double dt = seconds_now() - t0;
    for (int j = 0; j < 64; j++) sink += sums[j];
    double rate = sweeps * n * sizeof(float) / dt / 1e9; if (rate > best) best = rate;
    if (dt < 0.3) { sweeps *= 2; pass--; if (sweeps > (1u << 24)) break; }   // too short to time: more sweeps, pass again
  }
  free(a);
  return best;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    printf("read bandwidth: %.1f GB/s (%d threads)\n", measure((size_t)1 << 29), omp_get_max_threads());
    return 0;
  }
  for (int i = 1; i < argc; i++) {
    double mib = atof(argv[i]);
    if (mib <= 0) { fprintf(stderr, "error: '%s' is not a size in MiB; pass positive numbers, e.g. 8 2048\n", argv[i]); return 1; }
    size_t n = (size_t)(mib * 1048576 / sizeof(float)) & ~(size_t)63;
    printf("read bandwidth, %8.1f MiB working set: %6.1f GB/s (%d threads)\n", mib, measure(n), omp_get_max_threads());
  }
  return 0;
}
