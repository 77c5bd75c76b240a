/* kiln-intl.c: message catalogs for the Windows build (libintl-8.dll).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GLib for Windows reaches gettext through libintl-8.dll and its
 * g_libintl_* functions.  The Windows SDK ships that DLL as a stub that
 * returns every message untranslated, so Kiln builds its own: it reads the
 * GNU .mo catalogs msgfmt writes (LANG/LC_MESSAGES/DOMAIN.mo under the
 * folder bindtextdomain() names), picks the language from LANGUAGE,
 * LC_ALL, LC_MESSAGES or LANG, else from the Windows display language,
 * and evaluates the catalog's Plural-Forms expression.  Catalogs are UTF-8
 * and are returned as they are (bind_textdomain_codeset() is recorded,
 * not applied).  It serves Kiln's own messages and GLib's alike, because
 * both load this DLL.
 *
 * Built on Windows only, with no dependency but the C runtime and
 * kernel32: GLib itself links against it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#define EXPORT __declspec(dllexport)

EXPORT char *g_libintl_gettext (const char *msgid);
EXPORT char *g_libintl_dgettext (const char *domain, const char *msgid);
EXPORT char *g_libintl_dcgettext (const char *domain, const char *msgid, int category);
EXPORT char *g_libintl_ngettext (const char *msgid1, const char *msgid2, unsigned long n);
EXPORT char *g_libintl_dngettext (const char *domain, const char *msgid1, const char *msgid2,
                                  unsigned long n);
EXPORT char *g_libintl_dcngettext (const char *domain, const char *msgid1, const char *msgid2,
                                   unsigned long n, int category);
EXPORT char *g_libintl_textdomain (const char *domain);
EXPORT char *g_libintl_bindtextdomain (const char *domain, const char *dir);
EXPORT char *g_libintl_bind_textdomain_codeset (const char *domain, const char *codeset);

/* ---- a catalog (the GNU .mo format) ----------------------------------- */

typedef struct
{
  unsigned char *data;
  size_t         size;
  int            swap;       /* written on a machine of the other byte order */
  unsigned int   n;
  unsigned int   originals;  /* offset of the table of (length, offset) pairs */
  unsigned int   translations;
  const char    *plural;     /* the Plural-Forms expression, or NULL */
  unsigned long  nplurals;
} Catalog;

static unsigned int
word (const Catalog *c,
      size_t         at)
{
  unsigned int v;

  if (at + 4 > c->size)
    return 0;
  memcpy (&v, c->data + at, 4);
  if (c->swap)
    v = (v >> 24) | ((v >> 8) & 0xFF00) | ((v << 8) & 0xFF0000) | (v << 24);
  return v;
}

/* The string of entry @i in the table at @table, or NULL when the file
 * says something impossible. */
static const char *
entry (const Catalog *c,
       unsigned int   table,
       unsigned int   i,
       unsigned int  *len)
{
  unsigned int l = word (c, table + (size_t) i * 8);
  unsigned int off = word (c, table + (size_t) i * 8 + 4);

  if ((size_t) off + l >= c->size || c->data[off + l] != '\0')
    return NULL;
  *len = l;
  return (const char *) c->data + off;
}

static const char *
lookup (const Catalog *c,
        const char    *msgid,
        unsigned int  *len)
{
  unsigned int lo = 0, hi = c->n;

  /* msgfmt sorts the originals; a plural's original is "msgid\0plural",
   * which strcmp() compares by its msgid. */
  while (lo < hi)
    {
      unsigned int mid = lo + (hi - lo) / 2, l;
      const char *o = entry (c, c->originals, mid, &l);
      int cmp;

      if (o == NULL)
        return NULL;
      cmp = strcmp (msgid, o);
      if (cmp == 0)
        return entry (c, c->translations, mid, len);
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return NULL;
}

/* ---- Plural-Forms: a C expression in n -------------------------------- */

typedef struct
{
  const char    *p;
  unsigned long  n;
  int            bad;
} Expr;

static unsigned long expr_ternary (Expr *e);

static void
skip_space (Expr *e)
{
  while (*e->p == ' ' || *e->p == '\t' || *e->p == '\n' || *e->p == '\r')
    e->p++;
}

static int
take (Expr       *e,
        const char *op)
{
  size_t l = strlen (op);

  skip_space (e);
  if (strncmp (e->p, op, l) != 0)
    return 0;
  /* "<" must not take the "<=" operator's first half, nor "!" "!=". */
  if (l == 1 && (op[0] == '<' || op[0] == '>' || op[0] == '!' || op[0] == '=') && e->p[1] == '=')
    return 0;
  e->p += l;
  return 1;
}

static unsigned long
expr_primary (Expr *e)
{
  skip_space (e);
  if (take (e, "!"))
    return !expr_primary (e);
  if (take (e, "("))
    {
      unsigned long v = expr_ternary (e);
      if (!take (e, ")"))
        e->bad = 1;
      return v;
    }
  if (*e->p == 'n')
    {
      e->p++;
      return e->n;
    }
  if (*e->p >= '0' && *e->p <= '9')
    return strtoul (e->p, (char **) &e->p, 10);
  e->bad = 1;
  return 0;
}

static unsigned long
expr_mul (Expr *e)
{
  unsigned long v = expr_primary (e);

  for (;;)
    {
      if (take (e, "*"))
        v *= expr_primary (e);
      else if (take (e, "/") || take (e, "%"))
        {
          char op = e->p[-1];
          unsigned long d = expr_primary (e);
          if (d == 0)
            {
              e->bad = 1;
              return 0;
            }
          v = op == '/' ? v / d : v % d;
        }
      else
        return v;
    }
}

static unsigned long
expr_add (Expr *e)
{
  unsigned long v = expr_mul (e);

  for (;;)
    {
      if (take (e, "+"))
        v += expr_mul (e);
      else if (take (e, "-"))
        v -= expr_mul (e);
      else
        return v;
    }
}

static unsigned long
expr_rel (Expr *e)
{
  unsigned long v = expr_add (e);

  for (;;)
    {
      if (take (e, "<="))
        v = v <= expr_add (e);
      else if (take (e, ">="))
        v = v >= expr_add (e);
      else if (take (e, "<"))
        v = v < expr_add (e);
      else if (take (e, ">"))
        v = v > expr_add (e);
      else
        return v;
    }
}

static unsigned long
expr_eq (Expr *e)
{
  unsigned long v = expr_rel (e);

  for (;;)
    {
      if (take (e, "=="))
        v = v == expr_rel (e);
      else if (take (e, "!="))
        v = v != expr_rel (e);
      else
        return v;
    }
}

static unsigned long
expr_and (Expr *e)
{
  unsigned long v = expr_eq (e);

  while (take (e, "&&"))
    {
      unsigned long w = expr_eq (e);
      v = v && w;
    }
  return v;
}

static unsigned long
expr_or (Expr *e)
{
  unsigned long v = expr_and (e);

  while (take (e, "||"))
    {
      unsigned long w = expr_and (e);
      v = v || w;
    }
  return v;
}

static unsigned long
expr_ternary (Expr *e)
{
  unsigned long c = expr_or (e), a, b;

  if (!take (e, "?"))
    return c;
  a = expr_ternary (e);
  if (!take (e, ":"))
    e->bad = 1;
  b = expr_ternary (e);
  return c ? a : b;
}

/* Which plural form of a catalog's translation @n takes; the English rule
 * (n != 1) when the catalog has none or it cannot be read. */
static unsigned long
plural_index (const Catalog *c,
              unsigned long  n)
{
  Expr e = { c->plural, n, 0 };
  unsigned long v;

  if (c->plural == NULL)
    return n != 1;
  v = expr_ternary (&e);
  skip_space (&e);
  if (e.bad || (*e.p != ';' && *e.p != '\0' && *e.p != '\n') || v >= c->nplurals)
    return n != 1;
  return v;
}

/* ---- loading ---------------------------------------------------------- */

static Catalog *
catalog_load (const char *path)
{
  wchar_t wpath[MAX_PATH * 2];
  Catalog *c;
  FILE *f;
  long size;
  unsigned int magic, len;
  const char *header;

  if (MultiByteToWideChar (CP_UTF8, 0, path, -1, wpath, MAX_PATH * 2) == 0)
    return NULL;
  f = _wfopen (wpath, L"rb");
  if (f == NULL)
    return NULL;
  c = calloc (1, sizeof *c);
  if (c == NULL || fseek (f, 0, SEEK_END) != 0 || (size = ftell (f)) < 28 ||
      size > 64 * 1024 * 1024 || fseek (f, 0, SEEK_SET) != 0 ||
      (c->data = malloc ((size_t) size)) == NULL ||
      fread (c->data, 1, (size_t) size, f) != (size_t) size)
    goto bad;
  fclose (f);
  f = NULL;
  c->size = (size_t) size;
  memcpy (&magic, c->data, 4);
  if (magic == 0xde120495u)
    c->swap = 1;
  else if (magic != 0x950412deu)
    goto bad;
  c->n = word (c, 8);
  c->originals = word (c, 12);
  c->translations = word (c, 16);
  if ((size_t) c->originals + (size_t) c->n * 8 > c->size ||
      (size_t) c->translations + (size_t) c->n * 8 > c->size)
    goto bad;

  /* The header is the translation of "". */
  header = lookup (c, "", &len);
  if (header != NULL)
    {
      const char *pf = strstr (header, "Plural-Forms:");
      const char *np = pf != NULL ? strstr (pf, "nplurals=") : NULL;
      const char *pl = pf != NULL ? strstr (pf, "plural=") : NULL;

      /* "nplurals=" also ends in "plural=": take the one after it. */
      if (pl != NULL && pl == np + 2)
        pl = strstr (np + 9, "plural=");
      if (np != NULL && pl != NULL)
        {
          c->nplurals = strtoul (np + 9, NULL, 10);
          c->plural = pl + 7;
        }
    }
  return c;

bad:
  if (f != NULL)
    fclose (f);
  if (c != NULL)
    free (c->data);
  free (c);
  return NULL;
}

/* ---- domains and languages -------------------------------------------- */

typedef struct Domain
{
  struct Domain *next;
  char          *name;
  char          *dir;
  char          *codeset;
  int            loaded;
  Catalog       *catalog;
} Domain;

static INIT_ONCE init_once = INIT_ONCE_STATIC_INIT;
static CRITICAL_SECTION lock;
static Domain *domains;
static char *current_domain;

static BOOL CALLBACK
init_lock (PINIT_ONCE once,
           PVOID      param,
           PVOID     *context)
{
  InitializeCriticalSection (&lock);
  return TRUE;
}

static Domain *
domain_get (const char *name)
{
  Domain *d;

  for (d = domains; d != NULL; d = d->next)
    if (strcmp (d->name, name) == 0)
      return d;
  d = calloc (1, sizeof *d);
  if (d == NULL || (d->name = _strdup (name)) == NULL)
    {
      free (d);
      return NULL;
    }
  d->next = domains;
  domains = d;
  return d;
}

/* The languages to try, best first, as a ':'-separated list. */
static void
languages (char   *out,
           size_t  size)
{
  static const char * const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
  wchar_t lang[16], country[16];
  LCID lcid;

  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
    {
      const char *v = getenv (vars[i]);
      if (v != NULL && *v != '\0')
        {
          snprintf (out, size, "%s", v);
          return;
        }
    }
  /* The Windows display language, as ll_CC. */
  lcid = MAKELCID (GetUserDefaultUILanguage (), SORT_DEFAULT);
  if (GetLocaleInfoW (lcid, LOCALE_SISO639LANGNAME, lang, 16) > 0 &&
      GetLocaleInfoW (lcid, LOCALE_SISO3166CTRYNAME, country, 16) > 0)
    snprintf (out, size, "%ls_%ls", lang, country);
  else
    snprintf (out, size, "C");
}

/* DIR/LANG/LC_MESSAGES/NAME.mo for each language and its shorter forms
 * ("zh_CN.UTF-8" → "zh_CN" → "zh"). */
static Catalog *
domain_find (const Domain *d)
{
  char list[256], *save = NULL;

  if (d->dir == NULL)
    return NULL;
  languages (list, sizeof list);
  for (char *l = strtok_s (list, ":", &save); l != NULL; l = strtok_s (NULL, ":", &save))
    {
      char forms[3][64];
      int n = 0;

      if (strcmp (l, "C") == 0 || strcmp (l, "POSIX") == 0 || strncmp (l, "C.", 2) == 0)
        return NULL;
      snprintf (forms[n++], 64, "%s", l);
      forms[n][0] = '\0';
      snprintf (forms[n], 64, "%.*s", (int) strcspn (l, ".@"), l);
      if (strcmp (forms[n], forms[n - 1]) != 0)
        n++;
      snprintf (forms[n], 64, "%.*s", (int) strcspn (l, "_.@"), l);
      if (strcmp (forms[n], forms[n - 1]) != 0)
        n++;
      for (int i = 0; i < n; i++)
        {
          char path[MAX_PATH * 3];
          Catalog *c;

          snprintf (path, sizeof path, "%s\\%s\\LC_MESSAGES\\%s.mo", d->dir, forms[i], d->name);
          if ((c = catalog_load (path)) != NULL)
            return c;
        }
    }
  return NULL;
}

static const char *
translate (const char    *domain,
           const char    *msgid,
           const char    *msgid_plural,
           unsigned long  n)
{
  const char *fallback = msgid_plural != NULL && n != 1 ? msgid_plural : msgid;
  const char *found = NULL;
  Domain *d;

  if (msgid == NULL)
    return NULL;
  InitOnceExecuteOnce (&init_once, init_lock, NULL, NULL);
  EnterCriticalSection (&lock);
  if (domain == NULL)
    domain = current_domain != NULL ? current_domain : "messages";
  d = domain_get (domain);
  if (d != NULL && !d->loaded)
    {
      d->catalog = domain_find (d);
      d->loaded = 1;
    }
  if (d != NULL && d->catalog != NULL)
    {
      unsigned int len;
      const char *t = lookup (d->catalog, msgid, &len);

      if (t != NULL && msgid_plural != NULL)
        {
          /* The forms follow each other, NUL-separated. */
          const char *end = t + len;
          for (unsigned long i = plural_index (d->catalog, n); i > 0 && t < end; i--)
            t += strlen (t) + 1;
          if (t >= end)
            t = NULL;
        }
      if (t != NULL && *t != '\0')
        found = t;
    }
  LeaveCriticalSection (&lock);
  return found != NULL ? found : fallback;
}

/* ---- the exported API ------------------------------------------------- */

char *
g_libintl_gettext (const char *msgid)
{
  return (char *) translate (NULL, msgid, NULL, 1);
}

char *
g_libintl_dgettext (const char *domain,
                    const char *msgid)
{
  return (char *) translate (domain, msgid, NULL, 1);
}

char *
g_libintl_dcgettext (const char *domain,
                     const char *msgid,
                     int         category)
{
  return (char *) translate (domain, msgid, NULL, 1);
}

char *
g_libintl_ngettext (const char    *msgid1,
                    const char    *msgid2,
                    unsigned long  n)
{
  return (char *) translate (NULL, msgid1, msgid2, n);
}

char *
g_libintl_dngettext (const char    *domain,
                     const char    *msgid1,
                     const char    *msgid2,
                     unsigned long  n)
{
  return (char *) translate (domain, msgid1, msgid2, n);
}

char *
g_libintl_dcngettext (const char    *domain,
                      const char    *msgid1,
                      const char    *msgid2,
                      unsigned long  n,
                      int            category)
{
  return (char *) translate (domain, msgid1, msgid2, n);
}

char *
g_libintl_textdomain (const char *domain)
{
  char *result;

  InitOnceExecuteOnce (&init_once, init_lock, NULL, NULL);
  EnterCriticalSection (&lock);
  if (domain != NULL && *domain != '\0')
    {
      free (current_domain);
      current_domain = _strdup (domain);
    }
  result = current_domain != NULL ? current_domain : (char *) "messages";
  LeaveCriticalSection (&lock);
  return result;
}

char *
g_libintl_bindtextdomain (const char *domain,
                          const char *dir)
{
  char *result = NULL;
  Domain *d;

  if (domain == NULL || *domain == '\0')
    return NULL;
  InitOnceExecuteOnce (&init_once, init_lock, NULL, NULL);
  EnterCriticalSection (&lock);
  d = domain_get (domain);
  if (d != NULL && dir != NULL)
    {
      free (d->dir);
      d->dir = _strdup (dir);
      d->loaded = 0;    /* found again on next use; the old catalog stays valid */
    }
  if (d != NULL)
    result = d->dir;
  LeaveCriticalSection (&lock);
  return result;
}

char *
g_libintl_bind_textdomain_codeset (const char *domain,
                                   const char *codeset)
{
  char *result = NULL;
  Domain *d;

  if (domain == NULL || *domain == '\0')
    return NULL;
  InitOnceExecuteOnce (&init_once, init_lock, NULL, NULL);
  EnterCriticalSection (&lock);
  d = domain_get (domain);
  if (d != NULL && codeset != NULL)
    {
      free (d->codeset);
      d->codeset = _strdup (codeset);
    }
  if (d != NULL)
    result = d->codeset;
  LeaveCriticalSection (&lock);
  return result;
}
