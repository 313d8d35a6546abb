#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H

/* OpenSSL (libssl-dev) for the HTTP server's TLS transport. Function-like macros that
   Swift cannot import are wrapped below as static inline functions. */
#include <openssl/ssl.h>
#include <openssl/err.h>

/* SSL_CTX_set_mode(3): e.g. SSL_MODE_ENABLE_PARTIAL_WRITE. Returns the new mode bitmask. */
static inline long copenssl_ctx_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

/* SSL_CTX_set_min_proto_version(3): e.g. TLS1_2_VERSION. Returns 1 on success. */
static inline int copenssl_ctx_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

/* SSL_CTX_set_options(3) with SSL_OP_NO_RENEGOTIATION: refuses TLS 1.2 renegotiation. */
static inline void copenssl_ctx_disable_renegotiation(SSL_CTX *ctx) {
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
}

/* SSL_CTX_set_options(3) with SSL_OP_CIPHER_SERVER_PREFERENCE: the server's order of cipher suites
   decides, not the client's. */
static inline void copenssl_ctx_prefer_server_ciphers(SSL_CTX *ctx) {
    SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
}

/* SSL_CTX_set_options(3) with SSL_OP_NO_COMPRESSION: no TLS-level compression (CRIME). */
static inline void copenssl_ctx_disable_compression(SSL_CTX *ctx) {
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION);
}

#endif
