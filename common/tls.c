/* tls.c: making the private CA and server certificate with GnuTLS, and checking certificate and key files. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "common/dirs.h"
#include "common/strbuf.h"
#include "common/tls.h"
#include "common/xmalloc.h"

/* Certificate and key files are a few KiB; a chain a few more. */
#define TLS_FILE_MAX	(256 * 1024)
/* Backdated: a client whose clock is a little behind still accepts. */
#define TLS_BACKDATE	3600
#define TLS_DAY		86400

/* What tls_init() writes, in the order it renames them into place. */
enum tls_file { TLS_F_CA, TLS_F_CA_KEY, TLS_F_CERT, TLS_F_KEY, TLS_F_COUNT };

static const struct tls_file_def {
	const char	*name;
	mode_t		 mode;
	bool		 ca;	/* part of the CA: kept with reuse_ca */
} tls_files[TLS_F_COUNT] = {
	[TLS_F_CA] = { TLS_CA_CERT, 0644, true },
	[TLS_F_CA_KEY] = { TLS_CA_KEY, 0600, true },
	[TLS_F_CERT] = { TLS_SERVER_CERT, 0644, false },
	[TLS_F_KEY] = { TLS_SERVER_KEY, 0600, false },
};

bool
tls_name_ok(const char *name)
{
	unsigned char addr[16];
	const char *p = name;
	size_t n;

	if (inet_pton(AF_INET, name, addr) == 1 ||
	    inet_pton(AF_INET6, name, addr) == 1)
		return true;
	if (*name == '\0' || strlen(name) > 253)
		return false;
	for (;;) {
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
		if (n == 0 || n > 63 || p[0] == '-' || p[n - 1] == '-')
			return false;
		p += n;
		if (*p == '\0')
			return true;
		if (*p++ != '.')
			return false;
	}
}

/* A whole (small) file; NULL with err set. */
static char *
tls_slurp(const char *path, const char *what, char *err, size_t errlen)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s %s: %s", what, path, strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0 && sb.len <= TLS_FILE_MAX)
		strbuf_add(&sb, buf, n);
	if (ferror(f) || sb.len > TLS_FILE_MAX) {
		snprintf(err, errlen, "%s %s: %s", what, path, ferror(f) ?
		    strerror(EIO) : "too big for a certificate or key");
		fclose(f);
		strbuf_free(&sb);
		return NULL;
	}
	fclose(f);
	strbuf_adds(&sb, "");
	return strbuf_detach(&sb, NULL);
}

/* The certificates of a PEM file; 0 with err set if there is none. */
static unsigned
tls_read_certs(const char *path, const char *what, gnutls_x509_crt_t **list,
    char **text, char *err, size_t errlen)
{
	gnutls_datum_t d;
	unsigned n = 0;
	char *pem;
	int rc;

	*list = NULL;
	if ((pem = tls_slurp(path, what, err, errlen)) == NULL)
		return 0;
	d.data = (unsigned char *)pem;
	d.size = (unsigned)strlen(pem);
	rc = gnutls_x509_crt_list_import2(list, &n, &d, GNUTLS_X509_FMT_PEM, 0);
	if (rc < 0 || n == 0) {
		snprintf(err, errlen, "%s %s is not a PEM certificate (%s)",
		    what, path, rc < 0 ? gnutls_strerror(rc) : "none found");
		*list = NULL;
		free(pem);
		return 0;
	}
	if (text != NULL)
		*text = pem;
	else
		free(pem);
	return n;
}

static void
tls_free_certs(gnutls_x509_crt_t *list, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		gnutls_x509_crt_deinit(list[i]);
	gnutls_free(list);
}

/* A PEM private key; NULL with err set. */
static gnutls_x509_privkey_t
tls_read_key(const char *path, char **text, char *err, size_t errlen)
{
	gnutls_x509_privkey_t key = NULL;
	gnutls_datum_t d;
	char *pem;
	int rc;

	if ((pem = tls_slurp(path, "key", err, errlen)) == NULL)
		return NULL;
	d.data = (unsigned char *)pem;
	d.size = (unsigned)strlen(pem);
	if ((rc = gnutls_x509_privkey_init(&key)) < 0 ||
	    (rc = gnutls_x509_privkey_import2(key, &d, GNUTLS_X509_FMT_PEM,
	    NULL, 0)) < 0) {
		snprintf(err, errlen, "key %s is not a PEM private key (%s)",
		    path, gnutls_strerror(rc));
		gnutls_x509_privkey_deinit(key);
		free(pem);
		return NULL;
	}
	if (text != NULL)
		*text = pem;
	else
		free(pem);
	return key;
}

/* Whether key is the private half of crt's public key. */
static bool
tls_key_matches(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key)
{
	unsigned char a[64], b[64];
	size_t alen = sizeof a, blen = sizeof b;

	return gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256, a,
	    &alen) == 0 && gnutls_x509_privkey_get_key_id(key,
	    GNUTLS_KEYID_USE_SHA256, b, &blen) == 0 && alen == blen &&
	    memcmp(a, b, alen) == 0;
}

enum tls_status
tls_check_cert(const char *path, char *err, size_t errlen)
{
	gnutls_x509_crt_t *list;
	unsigned n;

	n = tls_read_certs(path, "certificate", &list, NULL, err, errlen);
	tls_free_certs(list, n);
	return n > 0 ? TLS_OK : TLS_BAD_CERT;
}

enum tls_status
tls_load_pair(const char *cert, const char *key, char **cert_pem,
    char **key_pem, char *err, size_t errlen)
{
	gnutls_x509_crt_t *list;
	gnutls_x509_privkey_t k = NULL;
	enum tls_status status = TLS_BAD_CERT;
	unsigned n;

	*cert_pem = *key_pem = NULL;
	n = tls_read_certs(cert, "certificate", &list, cert_pem, err, errlen);
	if (n == 0)
		goto out;
	status = TLS_BAD_KEY;
	if ((k = tls_read_key(key, key_pem, err, errlen)) == NULL)
		goto out;
	status = TLS_MISMATCH;
	if (!tls_key_matches(list[0], k)) {
		snprintf(err, errlen, "key %s does not match certificate %s",
		    key, cert);
		goto out;
	}
	status = TLS_OK;
out:
	if (status != TLS_OK) {
		free(*cert_pem);
		free(*key_pem);
		*cert_pem = *key_pem = NULL;
	}
	gnutls_x509_privkey_deinit(k);
	tls_free_certs(list, n);
	return status;
}

/* A certificate for key with the fields both kinds share; signed later. */
static int
tls_cert_new(gnutls_x509_crt_t *crt, gnutls_x509_privkey_t key,
    const char *cn, time_t from, unsigned days)
{
	unsigned char serial[16], id[64];
	size_t idlen = sizeof id;
	int rc;

	if ((rc = gnutls_x509_crt_init(crt)) < 0)
		return rc;
	/* Positive and never zero, as RFC 5280 wants. */
	if ((rc = gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial)) < 0)
		return rc;
	serial[0] = (unsigned char)((serial[0] & 0x3f) | 0x40);
	if ((rc = gnutls_x509_crt_set_version(*crt, 3)) < 0 ||
	    (rc = gnutls_x509_crt_set_serial(*crt, serial,
	    sizeof serial)) < 0 ||
	    (rc = gnutls_x509_crt_set_activation_time(*crt, from)) < 0 ||
	    (rc = gnutls_x509_crt_set_expiration_time(*crt,
	    from + TLS_BACKDATE + (time_t)days * TLS_DAY)) < 0 ||
	    (rc = gnutls_x509_crt_set_dn_by_oid(*crt,
	    GNUTLS_OID_X520_ORGANIZATION_NAME, 0, "bootdeck", 8)) < 0 ||
	    (rc = gnutls_x509_crt_set_dn_by_oid(*crt,
	    GNUTLS_OID_X520_COMMON_NAME, 0, cn, (unsigned)strlen(cn))) < 0 ||
	    (rc = gnutls_x509_crt_set_key(*crt, key)) < 0 ||
	    (rc = gnutls_x509_crt_get_key_id(*crt, 0, id, &idlen)) < 0)
		return rc;
	return gnutls_x509_crt_set_subject_key_id(*crt, id, idlen);
}

static int
tls_sign(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
    gnutls_x509_privkey_t issuer_key)
{
	gnutls_privkey_t pk = NULL;
	int rc;

	if ((rc = gnutls_privkey_init(&pk)) == 0 &&
	    (rc = gnutls_privkey_import_x509(pk, issuer_key, 0)) == 0)
		rc = gnutls_x509_crt_privkey_sign(crt, issuer, pk,
		    GNUTLS_DIG_SHA256, 0);
	gnutls_privkey_deinit(pk);
	return rc;
}

/* The names as subjectAltNames: IP addresses as addresses, which is
   what a client connecting to an address compares. */
static int
tls_add_names(gnutls_x509_crt_t crt, const struct tls_init_options *o)
{
	unsigned char addr[16];
	size_t i;
	int rc = 0;

	for (i = 0; i < o->n_names && rc >= 0; i++) {
		if (inet_pton(AF_INET, o->names[i], addr) == 1)
			rc = gnutls_x509_crt_set_subject_alt_name(crt,
			    GNUTLS_SAN_IPADDRESS, addr, 4, GNUTLS_FSAN_APPEND);
		else if (inet_pton(AF_INET6, o->names[i], addr) == 1)
			rc = gnutls_x509_crt_set_subject_alt_name(crt,
			    GNUTLS_SAN_IPADDRESS, addr, 16, GNUTLS_FSAN_APPEND);
		else
			rc = gnutls_x509_crt_set_subject_alt_name(crt,
			    GNUTLS_SAN_DNSNAME, o->names[i],
			    (unsigned)strlen(o->names[i]), GNUTLS_FSAN_APPEND);
	}
	return rc;
}

/* Writes data to dir/.NAME.tmp with the file's mode, whatever the umask. */
static bool
tls_stage(const char *dir, const struct tls_file_def *f,
    const gnutls_datum_t *data)
{
	char *tmp = xasprintf("%s/.%s.tmp", dir, f->name);
	bool ok = false;
	int fd;

	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    f->mode);
	if (fd >= 0) {
		ok = fchmod(fd, f->mode) == 0 &&
		    write(fd, data->data, data->size) == (ssize_t)data->size &&
		    fsync(fd) == 0;
		ok = close(fd) == 0 && ok;
		if (!ok)
			unlink(tmp);
	}
	free(tmp);
	return ok;
}

/* The CA, made or read; keys and certificates the caller frees. */
static enum tls_status
tls_ca(const struct tls_init_options *o, time_t from,
    gnutls_x509_crt_t *ca, gnutls_x509_privkey_t *ca_key, char *err,
    size_t errlen)
{
	char *cert = NULL, *key = NULL, *cn = NULL;
	gnutls_x509_crt_t *list = NULL;
	enum tls_status status;
	unsigned n = 0, i;
	int rc;

	if (o->reuse_ca) {
		cert = xasprintf("%s/%s", o->dir, TLS_CA_CERT);
		key = xasprintf("%s/%s", o->dir, TLS_CA_KEY);
		status = TLS_BAD_CERT;
		if ((n = tls_read_certs(cert, "CA certificate", &list, NULL, err,
		    errlen)) == 0)
			goto out;
		status = TLS_BAD_KEY;
		if ((*ca_key = tls_read_key(key, NULL, err, errlen)) == NULL)
			goto out;
		status = TLS_MISMATCH;
		if (!tls_key_matches(list[0], *ca_key)) {
			snprintf(err, errlen, "key %s does not match "
			    "certificate %s", key, cert);
			goto out;
		}
		/* Ours: the caller signs with it and frees it. */
		*ca = list[0];
		for (i = 1; i < n; i++)
			gnutls_x509_crt_deinit(list[i]);
		gnutls_free(list);
		list = NULL;
		n = 0;
		status = TLS_OK;
		goto out;
	}
	status = TLS_CRYPTO;
	cn = xasprintf("bootdeck CA for %s", o->names[0]);
	if ((rc = gnutls_x509_privkey_init(ca_key)) < 0 ||
	    (rc = gnutls_x509_privkey_generate(*ca_key, GNUTLS_PK_RSA,
	    TLS_RSA_BITS, 0)) < 0 ||
	    (rc = tls_cert_new(ca, *ca_key, cn, from, TLS_CA_DAYS)) < 0 ||
	    /* Path length 0: it signs servers, never another CA. */
	    (rc = gnutls_x509_crt_set_basic_constraints(*ca, 1, 0)) < 0 ||
	    (rc = gnutls_x509_crt_set_key_usage(*ca, GNUTLS_KEY_KEY_CERT_SIGN |
	    GNUTLS_KEY_CRL_SIGN)) < 0 ||
	    (rc = tls_sign(*ca, *ca, *ca_key)) < 0) {
		snprintf(err, errlen, "making the CA: %s", gnutls_strerror(rc));
		goto out;
	}
	status = TLS_OK;
out:
	tls_free_certs(list, n);
	free(cn);
	free(cert);
	free(key);
	return status;
}

enum tls_status
tls_init(const struct tls_init_options *o, char *err, size_t errlen)
{
	gnutls_x509_crt_t ca = NULL, crt = NULL;
	gnutls_x509_privkey_t ca_key = NULL, key = NULL;
	gnutls_datum_t data[TLS_F_COUNT] = { { NULL, 0 } };
	unsigned char id[64];
	size_t idlen = sizeof id, i, staged = 0;
	enum tls_status status = TLS_BAD_NAME;
	time_t from = time(NULL) - TLS_BACKDATE;
	struct stat st;
	char *path = NULL, *tmp = NULL;
	int rc;

	if (o->n_names == 0 || o->n_names > TLS_NAMES_MAX) {
		snprintf(err, errlen, "a certificate names 1 to %d hosts, not "
		    "%zu", TLS_NAMES_MAX, o->n_names);
		goto out;
	}
	for (i = 0; i < o->n_names; i++)
		if (!tls_name_ok(o->names[i])) {
			snprintf(err, errlen, "'%.100s' is neither a DNS name "
			    "nor an IP address", o->names[i]);
			goto out;
		}
	status = TLS_EXISTS;
	for (i = 0; i < TLS_F_COUNT && !o->force; i++) {
		if (o->reuse_ca && tls_files[i].ca)
			continue;
		free(path);
		path = xasprintf("%s/%s", o->dir, tls_files[i].name);
		if (lstat(path, &st) == 0) {
			snprintf(err, errlen, "%s exists: not replaced (--force "
			    "replaces it%s)", path, o->reuse_ca ? "" :
			    "; iPXE built to trust the old CA then stops "
			    "trusting this server");
			goto out;
		}
	}
	if ((status = tls_ca(o, from, &ca, &ca_key, err, errlen)) != TLS_OK)
		goto out;
	status = TLS_CRYPTO;
	if ((rc = gnutls_x509_privkey_init(&key)) < 0 ||
	    (rc = gnutls_x509_privkey_generate(key, GNUTLS_PK_RSA,
	    TLS_RSA_BITS, 0)) < 0 ||
	    (rc = tls_cert_new(&crt, key, o->names[0], from,
	    o->days > 0 ? o->days : TLS_DAYS)) < 0 ||
	    (rc = gnutls_x509_crt_set_basic_constraints(crt, 0, -1)) < 0 ||
	    /* Key encipherment: TLS with RSA key exchange, which iPXE has. */
	    (rc = gnutls_x509_crt_set_key_usage(crt,
	    GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_ENCIPHERMENT)) < 0 ||
	    (rc = gnutls_x509_crt_set_key_purpose_oid(crt,
	    GNUTLS_KP_TLS_WWW_SERVER, 0)) < 0 ||
	    (rc = tls_add_names(crt, o)) < 0 ||
	    (rc = gnutls_x509_crt_get_subject_key_id(ca, id, &idlen,
	    NULL)) < 0 ||
	    (rc = gnutls_x509_crt_set_authority_key_id(crt, id, idlen)) < 0 ||
	    (rc = tls_sign(crt, ca, ca_key)) < 0 ||
	    (rc = gnutls_x509_crt_export2(ca, GNUTLS_X509_FMT_PEM,
	    &data[TLS_F_CA])) < 0 ||
	    (rc = gnutls_x509_privkey_export2(ca_key, GNUTLS_X509_FMT_PEM,
	    &data[TLS_F_CA_KEY])) < 0 ||
	    (rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM,
	    &data[TLS_F_CERT])) < 0 ||
	    (rc = gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM,
	    &data[TLS_F_KEY])) < 0) {
		snprintf(err, errlen, "making the server certificate: %s",
		    gnutls_strerror(rc));
		goto out;
	}
	status = TLS_IO;
	if (!dirs_make(o->dir)) {
		snprintf(err, errlen, "%s: %s", o->dir, strerror(errno));
		goto out;
	}
	for (staged = 0; staged < TLS_F_COUNT; staged++) {
		if (o->reuse_ca && tls_files[staged].ca)
			continue;
		if (!tls_stage(o->dir, &tls_files[staged], &data[staged])) {
			snprintf(err, errlen, "%s/%s: %s", o->dir,
			    tls_files[staged].name, strerror(errno));
			goto out;
		}
	}
	for (i = 0; i < TLS_F_COUNT; i++) {
		if (o->reuse_ca && tls_files[i].ca)
			continue;
		free(path);
		free(tmp);
		tmp = xasprintf("%s/.%s.tmp", o->dir, tls_files[i].name);
		path = xasprintf("%s/%s", o->dir, tls_files[i].name);
		if (rename(tmp, path) != 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto out;
		}
	}
	staged = 0;
	status = TLS_OK;
out:
	/* What was staged and not renamed goes. */
	while (staged > 0) {
		free(tmp);
		tmp = xasprintf("%s/.%s.tmp", o->dir, tls_files[--staged].name);
		unlink(tmp);
	}
	for (i = 0; i < TLS_F_COUNT; i++)
		gnutls_free(data[i].data);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_crt_deinit(ca);
	gnutls_x509_privkey_deinit(key);
	gnutls_x509_privkey_deinit(ca_key);
	free(path);
	free(tmp);
	return status;
}
