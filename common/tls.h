/* tls.h: the private CA and server certificate of `bootdeck tls init`, and the checks of certificate and key files. */
#ifndef BOOTDECK_TLS_H
#define BOOTDECK_TLS_H

#include <stdbool.h>
#include <stddef.h>

/* The files `bootdeck tls init` writes, in this order. */
#define TLS_CA_CERT	"ca.pem"
#define TLS_CA_KEY	"ca.key"
#define TLS_SERVER_CERT	"server.pem"
#define TLS_SERVER_KEY	"server.key"

/* A server certificate names at most this many hosts. */
#define TLS_NAMES_MAX	32
/* RSA: every iPXE build takes it (ECDSA came late). */
#define TLS_RSA_BITS	2048

enum tls_status {
	TLS_OK,
	TLS_EXISTS,	/* a file is there and force is off */
	TLS_BAD_NAME,	/* not a DNS name or an IP address */
	TLS_BAD_CERT,	/* not a PEM certificate, or unreadable */
	TLS_BAD_KEY,	/* not a PEM private key, or unreadable */
	TLS_MISMATCH,	/* the key is not the certificate's */
	TLS_IO,		/* creating or writing a file failed */
	TLS_CRYPTO,	/* GnuTLS refused to make a key or certificate */
};

struct tls_init_options {
	const char	*dir;		/* created if missing */
	const char *const *names;	/* DNS names and IP addresses */
	size_t		 n_names;	/* 1..TLS_NAMES_MAX */
	bool		 force;		/* replace files that are there */
	/* Keep the CA in dir and only issue a new server certificate: iPXE
	   builds that trust that CA keep working. */
	bool		 reuse_ca;
	unsigned	 days;		/* server certificate; 0: TLS_DAYS */
};

/* Validity of the server certificate by default, and of the CA. */
#define TLS_DAYS	3650
#define TLS_CA_DAYS	7300

/* Whether name is a DNS name (letters, digits, '-', dots) or an IPv4 or
   IPv6 address: what a certificate may name. */
bool tls_name_ok(const char *name);

/*
 * Makes an RSA CA (or, reuse_ca, reads the one in o->dir) and a server
 * certificate signed by it for o->names (IP addresses as IP
 * subjectAltNames, the rest as DNS names) and writes TLS_CA_CERT,
 * TLS_CA_KEY, TLS_SERVER_CERT and TLS_SERVER_KEY into o->dir, keys mode
 * 0600. Nothing is written unless all four can be:
 * every file goes to a temporary name first and is renamed once all
 * are complete. On failure err holds one line.
 */
enum tls_status tls_init(const struct tls_init_options *o, char *err,
    size_t errlen);

/* Whether path holds at least one PEM certificate GnuTLS can parse. */
enum tls_status tls_check_cert(const char *path, char *err, size_t errlen);

/*
 * Reads a PEM certificate (chain) and its private key and checks that
 * the key is the first certificate's. On TLS_OK *cert_pem and *key_pem
 * hold the files' text (caller frees), for libmicrohttpd.
 */
enum tls_status tls_load_pair(const char *cert, const char *key,
    char **cert_pem, char **key_pem, char *err, size_t errlen);

#endif
