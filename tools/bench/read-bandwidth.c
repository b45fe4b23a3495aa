// Read bandwidth: sums a 2 GiB float array with OMP_NUM_THREADS threads, best of 3 passes.
// Build and run: gcc -O3 -march=native -ffast-math -fopenmp -o /tmp/read-bandwidth tools/bench/read-bandwidth.c && OMP_NUM_THREADS=1 /tmp/read-bandwidth
// The memory-bandwidth bound of decoding is this figure divided by the weight bytes one step reads.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <omp.h>
int main(void) {
  size_t n = (size_t)1 << 29; float *a = malloc(n * sizeof(float));
  for (size_t i = 0; i < n; i++) a[i] = 1.0f;
  double best = 1e9; volatile float sink = 0;
  for (int r = 0; r < 3; r++) {
    struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    _Pragma("omp parallel for reduction(+:s0,s1,s2,s3)")
    for (size_t i = 0; i < n; i += 4) { s0 += a[i]; s1 += a[i+1]; s2 += a[i+2]; s3 += a[i+3]; }
    clock_gettime(CLOCK_MONOTONIC, &t1); sink += s0 + s1 + s2 + s3;
    double dt = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9; if (dt < best) best = dt;
  }
  printf("read bandwidth: %.1f GB/s (%d threads)\n", n * sizeof(float) / best / 1e9, omp_get_max_threads());
  return 0;
}
