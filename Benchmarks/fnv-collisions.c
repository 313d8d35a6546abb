// Writes a JSON object of 2^B member names (B from argv[1], at most 30) that all fall in one slot of the member-name
// table as it was before it was keyed: FNV-1a, `h ^ h >> 29`, masked to at most 2^17 slots. Only the low bits of
// an FNV-1a state depend on the low bits of the state before, so names whose states agree in their low 46 bits
// agree in that slot, and go on agreeing after any common suffix: each name is B blocks of 7 characters, and
// block k has two variants found by a birthday search from the state the blocks before it leave (2^23 tries a
// block). 2^16 names of 112 characters are a 7.7 MB body. Used by Benchmarks/hostile-bodies.sh (shape k).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOW46 ((1ULL << 46) - 1)
#define TABLE (1u << 25)

static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";

static uint64_t step(uint64_t h, const char *block) {
    for (int i = 0; i < 7; i++) h = (h ^ (uint8_t)block[i]) * 0x100000001b3ULL;
    return h;
}

static void spell(uint64_t n, char *block) {
    for (int i = 0; i < 7; i++, n /= 36) block[i] = alphabet[n % 36];
}

int main(int argc, char **argv) {
    int bits = argc > 1 ? atoi(argv[1]) : 16;
    if (bits < 1 || bits > 30) return 2;
    uint64_t *keys = malloc(TABLE * sizeof *keys), *values = malloc(TABLE * sizeof *values);
    char (*variants)[2][7] = malloc(bits * sizeof *variants);
    if (!keys || !values || !variants) return 1;
    uint64_t h = 0xcbf29ce484222325ULL, random = 12345;
    for (int k = 0; k < bits; k++) {
        memset(keys, 0xff, TABLE * sizeof *keys);
        for (;;) {
            random = random * 6364136223846793005ULL + 1442695040888963407ULL;
            uint64_t n = random >> 20;
            char block[7];
            spell(n, block);
            uint64_t low = step(h, block) & LOW46;
            uint32_t slot = (uint32_t)((low * 0x9E3779B97F4A7C15ULL) >> 39);
            while (keys[slot] != UINT64_MAX && keys[slot] != low) slot = (slot + 1) & (TABLE - 1);
            if (keys[slot] == low) {
                char other[7];
                spell(values[slot], other);
                if (memcmp(other, block, 7) == 0) continue;
                memcpy(variants[k][0], other, 7);
                memcpy(variants[k][1], block, 7);
                h = step(h, block);
                break;
            }
            keys[slot] = low;
            values[slot] = n;
        }
    }
    putchar('{');
    for (uint64_t i = 0; i < (1ULL << bits); i++) {
        fputs(i ? ",\"" : "\"", stdout);
        for (int k = 0; k < bits; k++) fwrite(variants[k][(i >> k) & 1], 1, 7, stdout);
        fputs("\":0", stdout);
    }
    putchar('}');
    return 0;
}
