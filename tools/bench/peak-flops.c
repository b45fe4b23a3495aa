// Peak FP32 FLOP rate: independent FMA chains (16 accumulators per thread) with the widest vectors -march=native
// allows (AVX-512, else AVX2+FMA, else scalar), OMP_NUM_THREADS threads, best of 5 runs. One FMA = 2 FLOPs.
// Where AVX512-VNNI is there, also the peak int8 rate of VPDPBUSD chains (u8 x s8 -> s32; one multiply-add = 2 ops),
// the instruction ONNX Runtime's MatMulNBits uses at accuracy_level 4 (int8 activations and weights).
// Build and run: gcc -O2 -march=native -fopenmp -o /tmp/peak-flops tools/bench/peak-flops.c && OMP_NUM_THREADS=1 /tmp/peak-flops
// The compute bound of a decoder call is this figure divided by its FLOPs (2 x parameters x tokens in the call).
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
#include <omp.h>

#if defined(__AVX512F__)
typedef __m512 vec;
#define LANES 16
#define ISA "AVX-512"
#define SET1(x) _mm512_set1_ps(x)
#define FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
static float hsum(vec v) { return _mm512_reduce_add_ps(v); }
#elif defined(__AVX2__) && defined(__FMA__)
typedef __m256 vec;
#define LANES 8
#define ISA "AVX2+FMA"
#define SET1(x) _mm256_set1_ps(x)
#define FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
static float hsum(vec v) { float t[8]; _mm256_storeu_ps(t, v); float s = 0; for (int i = 0; i < 8; i++) s += t[i]; return s; }
#else
typedef float vec;
#define LANES 1
#define ISA "scalar"
#define SET1(x) (x)
#define FMA(a, b, c) ((a) * (b) + (c))
static float hsum(vec v) { return v; }
#endif

#define CHAINS 16
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

int main(void) {
  const long iters = 200000000L / CHAINS * 4;  // FMAs per chain per thread
  double best = 1e30; volatile float sink = 0; int threads = omp_get_max_threads();
  for (int r = 0; r < 5; r++) {
    double t0 = now();
    #pragma omp parallel
    {
      vec acc[CHAINS];
      vec m = SET1(0.999999f), c = SET1(1e-7f);
      for (int k = 0; k < CHAINS; k++) acc[k] = SET1((float)(k + omp_get_thread_num()));
      for (long i = 0; i < iters; i++) {
        #pragma GCC unroll 16
        for (int k = 0; k < CHAINS; k++) acc[k] = FMA(acc[k], m, c);
      }
      float s = 0;
      for (int k = 0; k < CHAINS; k++) s += hsum(acc[k]);
      #pragma omp atomic
      sink += s;
    }
    double dt = now() - t0; if (dt < best) best = dt;
  }
  double flops = 2.0 * LANES * CHAINS * (double)iters * threads;
  printf("peak FP32: %.1f GFLOP/s (%s, %d lanes, %d chains, %d threads)\n", flops / best / 1e9, ISA, LANES, CHAINS, threads);
#if defined(__AVX512VNNI__)
  best = 1e30;
  for (int r = 0; r < 5; r++) {
    double t0 = now();
    #pragma omp parallel
    {
      __m512i acc[CHAINS];
      __m512i a = _mm512_set1_epi8(3), b = _mm512_set1_epi8(-2);
      for (int k = 0; k < CHAINS; k++) acc[k] = _mm512_set1_epi32(k + omp_get_thread_num());
      for (long i = 0; i < iters; i++) {
        #pragma GCC unroll 16
        for (int k = 0; k < CHAINS; k++) acc[k] = _mm512_dpbusd_epi32(acc[k], a, b);
      }
      int s = 0;
      for (int k = 0; k < CHAINS; k++) s += _mm512_reduce_add_epi32(acc[k]);
      #pragma omp atomic
      sink += (float)s;
    }
    double dt = now() - t0; if (dt < best) best = dt;
  }
  double ops = 2.0 * 64 * CHAINS * (double)iters * threads;
  printf("peak int8 (VPDPBUSD): %.1f GOP/s (%d chains, %d threads)\n", ops / best / 1e9, CHAINS, threads);
#endif
  return 0;
}
