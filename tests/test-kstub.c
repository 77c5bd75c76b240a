/* test-kstub.c: Kiln's flasher stub core, driven through its own chip
 * layer with the flash in RAM (stub/harness): the replies byte by byte,
 * the flash contents, the erases it chose; then the same input through the
 * core cross-compiled for the lx106 and RV32 under QEMU, whose output must
 * be the host's byte for byte; and the committed stub images against a
 * fresh cross-build.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <zlib.h>
#include <gio/gio.h>

#include "kiln-test-util.h"
#include "kstub-harness.h"

static GByteArray *out;

void
harness_out (const uint8_t *data,
             uint32_t       len)
{
  g_byte_array_append (out, data, len);
}

/* ---- building input ------------------------------------------------------ */

static void
slip (GByteArray   *in,
      const guint8 *p,
      gsize         n)
{
  static const guint8 end = 0xC0, esc_end[] = { 0xDB, 0xDC }, esc_esc[] = { 0xDB, 0xDD };

  g_byte_array_append (in, &end, 1);
  for (gsize i = 0; i < n; i++)
    {
      if (p[i] == 0xC0)
        g_byte_array_append (in, esc_end, 2);
      else if (p[i] == 0xDB)
        g_byte_array_append (in, esc_esc, 2);
      else
        g_byte_array_append (in, p + i, 1);
    }
  g_byte_array_append (in, &end, 1);
}

static void
put32 (guint8  *p,
       guint32  v)
{
  p[0] = v;
  p[1] = v >> 8;
  p[2] = v >> 16;
  p[3] = v >> 24;
}

static guint32
get32 (const guint8 *p)
{
  return p[0] | p[1] << 8 | p[2] << 16 | (guint32) p[3] << 24;
}

static void
command (GByteArray   *in,
         guint8        op,
         const guint8 *data,
         gsize         n,
         guint32       checksum)
{
  g_autofree guint8 *f = g_malloc (8 + n);

  f[0] = 0;
  f[1] = op;
  f[2] = n;
  f[3] = n >> 8;
  put32 (f + 4, checksum);
  if (n > 0)
    memcpy (f + 8, data, n);
  slip (in, f, 8 + n);
}

static void
words (GByteArray *in,
       guint8      op,
       guint       count,
       ...)
{
  guint8 buf[32];
  va_list ap;

  va_start (ap, count);
  for (guint i = 0; i < count; i++)
    put32 (buf + 4 * i, va_arg (ap, guint32));
  va_end (ap);
  command (in, op, buf, 4 * count, 0);
}

static guint8
xsum (const guint8 *p,
      gsize         n)
{
  guint8 c = 0xEF;
  while (n-- > 0)
    c ^= *p++;
  return c;
}

static void
data_block (GByteArray   *in,
            guint8        op,
            guint32       seq,
            const guint8 *p,
            gsize         n,
            gboolean      bad_checksum)
{
  g_autofree guint8 *d = g_malloc0 (16 + n);

  put32 (d, n);
  put32 (d + 4, seq);
  memcpy (d + 16, p, n);
  command (in, op, d, 16 + n, xsum (p, n) ^ (bad_checksum ? 0x5A : 0));
}

static void
sync_cmd (GByteArray *in)
{
  guint8 s[36] = { 0x07, 0x07, 0x12, 0x20 };
  memset (s + 4, 0x55, 32);
  command (in, 0x08, s, 36, 0);
}

static GBytes *
random_bytes (gsize   n,
              guint32 seed)
{
  g_autoptr(GRand) r = g_rand_new_with_seed (seed);
  guint8 *p = g_malloc (n);
  for (gsize i = 0; i < n; i++)
    p[i] = g_rand_int (r);
  return g_bytes_new_take (p, n);
}

/* text-like data that compresses, with long repeats to use the window */
static GBytes *
compressible_bytes (gsize   n,
                    guint32 seed)
{
  static const char *words_[] = { "kiln ", "flash ", "stub ", "ESP8266 ", "\n", "0123456789" };
  g_autoptr(GRand) r = g_rand_new_with_seed (seed);
  GByteArray *a = g_byte_array_new ();

  while (a->len < n)
    {
      if (a->len > 40000 && g_rand_int_range (r, 0, 50) == 0)
        {
          guint from = g_rand_int_range (r, 0, a->len - 30000);
          guint8 repeat[3000];

          /* copied first: appending may move the array */
          memcpy (repeat, a->data + from, sizeof repeat);
          g_byte_array_append (a, repeat, sizeof repeat);
        }
      else
        {
          const char *w = words_[g_rand_int_range (r, 0, G_N_ELEMENTS (words_))];
          g_byte_array_append (a, (const guint8 *) w, strlen (w));
          if (g_rand_int_range (r, 0, 4) == 0)
            {
              guint8 b = g_rand_int (r);
              g_byte_array_append (a, &b, 1);
            }
        }
    }
  g_byte_array_set_size (a, n);
  return g_byte_array_free_to_bytes (a);
}

static GBytes *
zlib_compress (GBytes *raw,
               int     level)
{
  gsize n;
  const guint8 *p = g_bytes_get_data (raw, &n);
  uLongf cl = compressBound (n);
  guint8 *c = g_malloc (cl);

  g_assert_cmpint (compress2 (c, &cl, p, n, level), ==, Z_OK);
  return g_bytes_new_take (c, cl);
}

static void
write_plain (GByteArray *in,
             guint32     offset,
             GBytes     *data,
             guint32     block)
{
  gsize n;
  const guint8 *p = g_bytes_get_data (data, &n);
  guint32 blocks = (n + block - 1) / block;

  words (in, 0x02, 4, (guint32) n, blocks, block, offset);
  for (guint32 s = 0; s < blocks; s++)
    {
      g_autofree guint8 *b = g_malloc (block);
      gsize k = MIN (block, n - s * block);
      memset (b, 0xFF, block);
      memcpy (b, p + s * block, k);
      data_block (in, 0x03, s, b, block, FALSE);
    }
  words (in, 0x04, 1, 1);
}

static void
write_deflate (GByteArray *in,
               guint32     offset,
               GBytes     *data,
               int         level,
               guint32     block)
{
  g_autoptr(GBytes) z = zlib_compress (data, level);
  gsize zn;
  const guint8 *zp = g_bytes_get_data (z, &zn);
  guint32 blocks = (zn + block - 1) / block;

  words (in, 0x10, 4, (guint32) g_bytes_get_size (data), blocks, block, offset);
  for (guint32 s = 0; s < blocks; s++)
    data_block (in, 0x11, s, zp + s * block, MIN (block, zn - s * block), FALSE);
  words (in, 0x12, 1, 1);
}

/* ---- reading output ------------------------------------------------------ */

typedef struct
{
  GPtrArray *frames;   /* GBytes */
  guint      next;
} Replies;

static void
replies_init (Replies *r)
{
  GByteArray *cur = NULL;
  gboolean esc = FALSE;

  r->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  r->next = 0;
  for (guint i = 0; i < out->len; i++)
    {
      guint8 b = out->data[i];
      if (b == 0xC0)
        {
          if (cur != NULL && cur->len > 0)
            g_ptr_array_add (r->frames, g_byte_array_free_to_bytes (cur));
          else if (cur != NULL)
            g_byte_array_unref (cur);
          cur = g_byte_array_new ();
          continue;
        }
      g_assert_nonnull (cur);
      if (esc)
        {
          g_assert_true (b == 0xDC || b == 0xDD);
          b = b == 0xDC ? 0xC0 : 0xDB;
          esc = FALSE;
        }
      else if (b == 0xDB)
        {
          esc = TRUE;
          continue;
        }
      g_byte_array_append (cur, &b, 1);
    }
  if (cur != NULL)
    {
      g_assert_cmpuint (cur->len, ==, 0);
      g_byte_array_unref (cur);
    }
}

static GBytes *
next_frame (Replies *r)
{
  g_assert_cmpuint (r->next, <, r->frames->len);
  return r->frames->pdata[r->next++];
}

/* The next reply must be for @op with @status; returns its data. */
static const guint8 *
expect (Replies *r,
        guint8   op,
        guint8   status,
        gsize    data_len,
        guint32 *value)
{
  gsize n;
  const guint8 *f = g_bytes_get_data (next_frame (r), &n);

  g_assert_cmpuint (n, ==, 8 + data_len + 2);
  g_assert_cmphex (f[0], ==, 0x01);
  g_assert_cmphex (f[1], ==, op);
  g_assert_cmpuint (f[2] | f[3] << 8, ==, data_len + 2);
  if (value != NULL)
    *value = get32 (f + 4);
  else
    g_assert_cmphex (get32 (f + 4), ==, 0);
  g_assert_cmphex (f[8 + data_len], ==, status);
  g_assert_cmphex (f[9 + data_len], ==, 0);
  return f + 8;
}

static void
expect_ok (Replies *r,
           guint8   op)
{
  expect (r, op, 0, 0, NULL);
}

static void
run (GByteArray *in)
{
  g_byte_array_set_size (out, 0);
  harness_run (in->data, in->len);
}

static void
md5_of (const guint8 *p,
        gsize         n,
        guint8        digest[16])
{
  g_autoptr(GChecksum) c = g_checksum_new (G_CHECKSUM_MD5);
  gsize dl = 16;
  g_checksum_update (c, p, n);
  g_checksum_get_digest (c, digest, &dl);
}

/* ---- the scenario every build must agree on ----------------------------- */

static GBytes *plain_data, *deflate_data, *deflate_fast, *stored_data;

static void
build_scenario (GByteArray *in)
{
  g_autoptr(GBytes) broken = NULL;

  sync_cmd (in);
  words (in, 0x0A, 1, 0x3FF00050u);                     /* READ_REG */
  {
    guint8 w[32];
    put32 (w, 0x60000078); put32 (w + 4, 5); put32 (w + 8, 0xFFFFFFFF); put32 (w + 12, 0);
    put32 (w + 16, 0x6000007C); put32 (w + 20, 6); put32 (w + 24, 0xFF); put32 (w + 28, 10);
    command (in, 0x09, w, 32, 0);                       /* WRITE_REG, two entries */
  }
  words (in, 0x0D, 1, 0);                               /* SPI_ATTACH */
  words (in, 0x0B, 6, 0, HARNESS_FLASH_SIZE, 0x10000, 0x1000, 0x100, 0xFFFF);

  /* uncompressed, 0x30000 bytes from 0x10000: three whole 64 KiB blocks */
  write_plain (in, 0x10000, plain_data, 0x4000);
  /* compressed, level 9, with back-references across blocks */
  write_deflate (in, 0x1000, deflate_data, 9, 0x1000);
  /* compressed, level 1, tiny blocks: codes split across blocks */
  write_deflate (in, 0x8000, deflate_fast, 1, 7);
  /* stored deflate blocks (level 0) */
  write_deflate (in, 0x40000, stored_data, 0, 0x4000);

  words (in, 0x13, 4, 0x10000, 0x30000, 0, 0);          /* MD5 */
  words (in, 0x13, 4, 0x1000, (guint32) g_bytes_get_size (deflate_data), 0, 0);

  /* READ_FLASH 10000 bytes at 0x10000, packets of 4096, 2 in flight */
  words (in, 0xD2, 4, 0x10000, 10000, 4096, 2);
  {
    guint8 ack[4];
    put32 (ack, 4096); slip (in, ack, 4);
    put32 (ack, 8192); slip (in, ack, 4);
    put32 (ack, 10000); slip (in, ack, 4);
  }

  /* errors */
  {
    guint8 b[64];
    memset (b, 0x11, sizeof b);
    data_block (in, 0x03, 0, b, sizeof b, FALSE);       /* no BEGIN: C6 */
    words (in, 0x02, 4, 64, 1, 64, 0x3F000);
    data_block (in, 0x03, 0, b, sizeof b, TRUE);        /* bad checksum: C1 */
    data_block (in, 0x03, 0, b, sizeof b, FALSE);       /* OK */
    data_block (in, 0x03, 0, b, sizeof b, FALSE);       /* repeated: OK again */
    data_block (in, 0x03, 1, b, sizeof b, FALSE);       /* past the end: C9 */
    words (in, 0x04, 1, 1);
    words (in, 0x02, 4, 0x2000, 2, 0x1000, 0x3E000);
    words (in, 0x04, 1, 1);                             /* nothing sent: C8 */
    words (in, 0x02, 4, 0x1000, 1, 0x8000, 0);          /* block too big: C2 */
    words (in, 0x02, 4, 0x1000, 1, 0x1000, HARNESS_FLASH_SIZE); /* past the flash: C0 */
    words (in, 0xD1, 2, 0x3F000, 0x800);                /* unaligned erase: C0 */
    words (in, 0xD1, 2, 0x30000, 0x11000);              /* a block and a sector */
    command (in, 0x42, NULL, 0, 0);                     /* unknown: FF */
    words (in, 0x0A, 2, 1, 2);                          /* wrong length: C0 */
  }
  /* a broken compressed stream: the block is acknowledged, the damage is
   * reported with the next reply */
  {
    static const guint8 junk[] = { 0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x12 };
    words (in, 0x10, 4, 0x1000, 1, 0x1000, 0x3D000);
    data_block (in, 0x11, 0, junk, sizeof junk, FALSE);
    words (in, 0x12, 1, 1);
  }
  /* a broken SLIP escape: no reply; the next command is answered */
  {
    static const guint8 broken_frame[] = { 0xC0, 0x00, 0x0A, 0xDB, 0x01, 0xC0 };
    g_byte_array_append (in, broken_frame, sizeof broken_frame);
    words (in, 0x0A, 1, 0x1234);
  }
  /* a frame longer than any command: C0 */
  {
    g_autofree guint8 *big = g_malloc0 (KSTUB_FRAME_MAX + 100);
    big[1] = 0x03;
    slip (in, big, KSTUB_FRAME_MAX + 100);
  }
  words (in, 0x0F, 2, 921600, 115200);                  /* CHANGE_BAUDRATE */
  words (in, 0x13, 4, 0, HARNESS_FLASH_SIZE, 0, 0);     /* MD5 of everything */
}

static void
setup_data (void)
{
  if (plain_data != NULL)
    return;
  plain_data = random_bytes (0x30000, 1);
  deflate_data = compressible_bytes (0x6000, 2);
  deflate_fast = compressible_bytes (0x7000, 3);
  stored_data = random_bytes (0x9000, 4);
}

static void
test_scenario (void)
{
  g_autoptr(GByteArray) in = g_byte_array_new ();
  Replies r;
  guint8 digest[16];
  guint32 value;
  const guint8 *d;
  g_autofree guint8 *flash = NULL;

  setup_data ();
  build_scenario (in);
  run (in);
  replies_init (&r);

  g_assert_cmpmem (g_bytes_get_data (next_frame (&r), NULL), 4, "OHAI", 4);
  for (guint i = 0; i < 8; i++)
    expect_ok (&r, 0x08);
  expect (&r, 0x0A, 0, 0, &value);
  g_assert_cmphex (value, ==, 0x3FF00050u ^ 0xA5A5A5A5u);
  expect_ok (&r, 0x09);
  expect_ok (&r, 0x0D);
  expect_ok (&r, 0x0B);

  expect_ok (&r, 0x02);
  for (guint i = 0; i < 12; i++)
    expect_ok (&r, 0x03);
  expect_ok (&r, 0x04);
  /* the flash is looked at after the whole run: the error cases below
   * erase from 0x30000 on, the MD5 further down covers all of it */
  g_assert_cmpmem (harness_flash + 0x10000, 0x20000, g_bytes_get_data (plain_data, NULL), 0x20000);

  for (guint pass = 0; pass < 3; pass++)
    {
      GBytes *data = pass == 0 ? deflate_data : pass == 1 ? deflate_fast : stored_data;
      int level = pass == 0 ? 9 : pass == 1 ? 1 : 0;
      guint32 block = pass == 0 ? 0x1000 : pass == 1 ? 7 : 0x4000;
      guint32 at = pass == 0 ? 0x1000 : pass == 1 ? 0x8000 : 0x40000;
      g_autoptr(GBytes) z = zlib_compress (data, level);
      guint32 blocks = (g_bytes_get_size (z) + block - 1) / block;

      expect_ok (&r, 0x10);
      for (guint32 i = 0; i < blocks; i++)
        expect_ok (&r, 0x11);
      expect_ok (&r, 0x12);
      if (pass < 2)             /* the stored data is checked at the end */
        g_assert_cmpmem (harness_flash + at, g_bytes_get_size (data),
                       g_bytes_get_data (data, NULL), g_bytes_get_size (data));
    }
  d = expect (&r, 0x13, 0, 16, NULL);
  md5_of (g_bytes_get_data (plain_data, NULL), 0x30000, digest);
  g_assert_cmpmem (d, 16, digest, 16);
  d = expect (&r, 0x13, 0, 16, NULL);
  md5_of (g_bytes_get_data (deflate_data, NULL), g_bytes_get_size (deflate_data), digest);
  g_assert_cmpmem (d, 16, digest, 16);

  expect_ok (&r, 0xD2);
  {
    gsize n;
    const guint8 *p;
    p = g_bytes_get_data (next_frame (&r), &n);
    g_assert_cmpmem (p, n, harness_flash + 0x10000, 4096);
    p = g_bytes_get_data (next_frame (&r), &n);
    g_assert_cmpmem (p, n, harness_flash + 0x11000, 4096);
    p = g_bytes_get_data (next_frame (&r), &n);
    g_assert_cmpmem (p, n, harness_flash + 0x12000, 10000 - 8192);
    p = g_bytes_get_data (next_frame (&r), &n);
    md5_of (harness_flash + 0x10000, 10000, digest);
    g_assert_cmpmem (p, n, digest, 16);
  }

  expect (&r, 0x03, 0xC6, 0, NULL);
  expect_ok (&r, 0x02);
  expect (&r, 0x03, 0xC1, 0, NULL);
  expect_ok (&r, 0x03);
  expect_ok (&r, 0x03);
  expect (&r, 0x03, 0xC9, 0, NULL);
  expect_ok (&r, 0x04);
  expect_ok (&r, 0x02);
  expect (&r, 0x04, 0xC8, 0, NULL);
  expect (&r, 0x02, 0xC2, 0, NULL);
  expect (&r, 0x02, 0xC0, 0, NULL);
  expect (&r, 0xD1, 0xC0, 0, NULL);
  expect_ok (&r, 0xD1);
  expect (&r, 0x42, 0xFF, 0, NULL);
  expect (&r, 0x0A, 0xC0, 0, NULL);
  expect_ok (&r, 0x10);
  expect_ok (&r, 0x11);
  expect (&r, 0x12, 0xC7, 0, NULL);
  expect (&r, 0x0A, 0, 0, &value);
  g_assert_cmphex (value, ==, 0x1234 ^ 0xA5A5A5A5u);
  expect (&r, 0x03, 0xC0, 0, NULL);
  expect_ok (&r, 0x0F);
  g_assert_cmpuint (harness_counts.baud, ==, 921600);
  d = expect (&r, 0x13, 0, 16, NULL);
  md5_of (harness_flash, HARNESS_FLASH_SIZE, digest);
  g_assert_cmpmem (d, 16, digest, 16);
  g_assert_cmpuint (r.next, ==, r.frames->len);
  g_assert_cmpuint (harness_counts.stray_erases, ==, 0);

  /* the region 0x30000..0x41000 was erased (one block, one sector) and
   * then the stored data written at 0x40000 survives only outside it:
   * 0x40000 was erased after being written */
  flash = g_malloc (0x1000);
  memset (flash, 0xFF, 0x1000);
  g_assert_cmpmem (harness_flash + 0x40000, 0x1000, flash, 0x1000);
  g_assert_cmpmem (harness_flash + 0x41000, 0x8000,
                   (const guint8 *) g_bytes_get_data (stored_data, NULL) + 0x1000, 0x8000);
  g_ptr_array_unref (r.frames);
}

/* ---- erasing ahead ---------------------------------------------------------- */

#define PATTERN_SEED 0x4B494C4Eu

/* The flash the harness starts from with PATTERN_SEED: the same xorshift. */
static guint8 *
pattern_flash (void)
{
  guint8 *p = g_malloc (HARNESS_FLASH_SIZE);
  guint32 x = PATTERN_SEED;

  for (guint32 i = 0; i < HARNESS_FLASH_SIZE; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      p[i] = (guint8) x;
    }
  return p;
}

/* The erases a region needs, worked out here from the region alone:
 * sectors up to the first 64 KiB boundary, whole aligned blocks, sectors
 * to the end rounded up to a sector; entries as in harness_erase_log. */
static GArray *
erase_plan (guint32 offset,
            guint32 size)
{
  GArray *plan = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 a = offset / 0x1000 * 0x1000, end = (offset + size + 0xFFF) / 0x1000 * 0x1000;

  while (a < end)
    {
      guint32 e = a;
      if (a % 0x10000 == 0 && end - a >= 0x10000)
        {
          e |= 1;
          a += 0x10000;
        }
      else
        a += 0x1000;
      g_array_append_val (plan, e);
    }
  return plan;
}

/* The harness's erase log is @plan, or its first erases when @prefix. */
static void
assert_erases (GArray   *plan,
               gboolean  prefix)
{
  g_assert_cmpuint (harness_counts.stray_erases, ==, 0);
  g_assert_cmpuint (harness_counts.n_log, <=, HARNESS_LOG);
  if (prefix)
    g_assert_cmpuint (harness_counts.n_log, <=, plan->len);
  else
    g_assert_cmpuint (harness_counts.n_log, ==, plan->len);
  for (guint i = 0; i < harness_counts.n_log; i++)
    g_assert_cmphex (harness_erase_log[i], ==, g_array_index (plan, guint32, i));
}

/* Outside [from, to) the flash is still the pattern it started with. */
static void
assert_untouched (const guint8 *pattern,
                  guint32       from,
                  guint32       to)
{
  g_assert_cmpmem (harness_flash, from, pattern, from);
  g_assert_cmpmem (harness_flash + to, HARNESS_FLASH_SIZE - to, pattern + to,
                   HARNESS_FLASH_SIZE - to);
}

static void
run_on_pattern (GByteArray *in,
                gboolean    eager)
{
  harness_fill_seed = PATTERN_SEED;
  harness_eager = eager;
  run (in);
  harness_fill_seed = 0;
  harness_eager = 0;
}

/* Every reply in the output is @op's success, after the greeting. */
static void
assert_all_ok (guint8   op_begin,
               guint8   op_data,
               guint8   op_end,
               guint32  blocks)
{
  Replies r;

  replies_init (&r);
  next_frame (&r);
  expect_ok (&r, op_begin);
  for (guint32 i = 0; i < blocks; i++)
    expect_ok (&r, op_data);
  expect_ok (&r, op_end);
  g_assert_cmpuint (r.next, ==, r.frames->len);
  g_ptr_array_unref (r.frames);
}

/* Whatever the timing, a region is erased by the same plan — blocks where
 * whole aligned ones fit, sectors at its ragged ends — each unit once, in
 * order, nothing outside it, and no byte is programmed before its sector
 * is erased.  "eager" lets the main loop idle between any two bytes (it
 * erases ahead as far as it may), "lagging" only after each frame. */
static void
test_erase_plan (void)
{
  static const struct { guint32 offset, size; } regions[] = {
    { 0xE000, 0x21800 },        /* ragged start, two blocks, ragged end */
    { 0x10000, 0x30000 },       /* whole blocks only */
    { 0xB000, 0x9000 },         /* a block boundary inside, no whole block */
    { 0x21000, 0x200 },         /* less than a sector */
    { 0x5F000, 0x21000 },       /* up to the end of the flash */
  };
  g_autofree guint8 *pattern = pattern_flash ();

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    for (guint mode = 0; mode < 4; mode++)
      {
        guint32 offset = regions[i].offset, size = regions[i].size;
        guint32 lo = offset / 0x1000 * 0x1000, hi = (offset + size + 0xFFF) / 0x1000 * 0x1000;
        gboolean eager = mode & 1, compressed = mode & 2;
        g_autoptr(GByteArray) in = g_byte_array_new ();
        g_autoptr(GBytes) data = compressed ? compressible_bytes (size, 30 + i)
                                            : random_bytes (size, 30 + i);
        g_autoptr(GArray) plan = erase_plan (offset, size);

        g_test_message ("region 0x%x + 0x%x, %s, %s", offset, size,
                        compressed ? "compressed" : "plain", eager ? "eager" : "lagging");
        if (compressed)
          write_deflate (in, offset, data, 9, 0x4000);
        else
          write_plain (in, offset, data, 0x4000);
        run_on_pattern (in, eager);
        assert_erases (plan, FALSE);
        g_assert_cmpuint (harness_counts.unerased_writes, ==, 0);
        g_assert_cmpmem (harness_flash + offset, size, g_bytes_get_data (data, NULL), size);
        for (guint32 a = offset + size; a < hi; a++)
          g_assert_cmphex (harness_flash[a], ==, 0xFF);
        assert_untouched (pattern, lo, hi);
        if (!compressed)
          g_assert_cmpuint (harness_counts.bytes_written, ==, size);
        /* the first unit goes while block 0 is still on its way */
        if (eager)
          g_assert_cmpuint (harness_counts.idle_steps, >, 0);
      }
}

/* The main loop takes one idle step between two frames: erasing is spread
 * over the session, a block (or a few sectors) behind each frame. */
static void
test_erase_idle_steps (void)
{
  g_autoptr(GByteArray) in = g_byte_array_new ();
  g_autoptr(GArray) plan = erase_plan (0x8000, 0x40000);

  /* BEGIN for 0x8000 + 0x40000, then no data: three other commands */
  words (in, 0x02, 4, 0x40000, 16, 0x4000, 0x8000);
  for (guint i = 0; i < 3; i++)
    words (in, 0x0A, 1, 0x3FF00050u);
  run_on_pattern (in, TRUE);
  /* after BEGIN: sectors 0x8000..0xB000 (four at most); after each READ_REG:
   * 0xC000..0xF000 (up to the block boundary), the block at 0x10000, the
   * block at 0x20000 */
  g_assert_cmpuint (harness_counts.idle_steps, ==, 4);
  g_assert_cmpuint (harness_counts.n_log, ==, 10);
  assert_erases (plan, TRUE);
  g_assert_cmphex (harness_erase_log[3], ==, 0xB000);
  g_assert_cmphex (harness_erase_log[8], ==, 0x10001);
  g_assert_cmphex (harness_erase_log[9], ==, 0x20001);
}

/* Pages the data fills with 0xFF only are not programmed: the sector under
 * them was erased in this session, and they read back as 0xFF. */
static void
test_erase_ff_pages (void)
{
  g_autofree guint8 *pattern = pattern_flash ();
  g_autoptr(GBytes) base = compressible_bytes (0x8000, 40);
  guint8 *p = g_memdup2 (g_bytes_get_data (base, NULL), 0x8000);
  g_autoptr(GBytes) data = NULL;
  guint32 pages = 0;

  /* whole pages of 0xFF, a page with one byte set, a run of 0xFF that
   * starts and ends inside pages, a 0xFF sector, and 0xFF to the end */
  memset (p + 0x0100, 0xFF, 0x300);
  memset (p + 0x1000, 0xFF, 0x100);
  p[0x1080] = 0x00;
  memset (p + 0x2080, 0xFF, 0x500);
  memset (p + 0x5000, 0xFF, 0x1000);
  memset (p + 0x7800, 0xFF, 0x800);
  data = g_bytes_new_take (p, 0x8000);
  for (guint32 a = 0; a < 0x8000; a += 0x100)
    {
      gboolean ff = TRUE;
      for (guint32 k = 0; k < 0x100; k++)
        ff = ff && p[a + k] == 0xFF;
      pages += !ff;
    }
  g_assert_cmpuint (pages, ==, 0x80 - 3 - 4 - 16 - 8);

  for (guint mode = 0; mode < 3; mode++)
    {
      g_autoptr(GByteArray) in = g_byte_array_new ();

      /* plain in 16 KiB blocks; compressed in one block (inflated in one
       * piece: the window's size); compressed in 7-byte blocks (pieces cut
       * anywhere) */
      if (mode == 0)
        write_plain (in, 0x30000, data, 0x4000);
      else
        write_deflate (in, 0x30000, data, 9, mode == 1 ? 0x4000 : 7);
      if (mode == 1)
        {
          g_autoptr(GBytes) z = zlib_compress (data, 9);
          g_assert_cmpuint (g_bytes_get_size (z), <=, 0x4000);
        }
      run_on_pattern (in, mode != 1);
      g_assert_cmpmem (harness_flash + 0x30000, 0x8000, p, 0x8000);
      assert_untouched (pattern, 0x30000, 0x38000);
      g_assert_cmpuint (harness_counts.unerased_writes, ==, 0);
      if (mode < 2)
        g_assert_cmpuint (harness_counts.bytes_written, ==, pages * 0x100);
      else
        g_assert_cmpuint (harness_counts.bytes_written, <=, pages * 0x100);
      /* runs of pages go to the chip layer as one write each */
      if (mode == 0)
        g_assert_cmpuint (harness_counts.port_writes, ==, 5);
    }
}

/* The host repeats a block whose reply it lost: an uncompressed block is
 * programmed over itself, a compressed one acknowledged and skipped; the
 * erases stay the plan, every byte lands once. */
static void
test_erase_repeat (void)
{
  g_autofree guint8 *pattern = pattern_flash ();
  g_autoptr(GBytes) plain = random_bytes (0x1D000, 50);
  g_autoptr(GBytes) text = compressible_bytes (0x40000, 51);
  g_autoptr(GBytes) z = zlib_compress (text, 9);
  g_autoptr(GArray) plan_plain = erase_plan (0x13000, 0x1D000);
  g_autoptr(GArray) plan_text = erase_plan (0x40000, 0x40000);

  for (guint eager = 0; eager < 2; eager++)
    {
      g_autoptr(GByteArray) in = g_byte_array_new ();
      const guint8 *pp = g_bytes_get_data (plain, NULL);
      gsize zn;
      const guint8 *zp = g_bytes_get_data (z, &zn);
      guint32 blocks = (zn + 0xFFF) / 0x1000;
      Replies r;

      /* plain, 0x1D000 bytes at 0x13000 in 8 blocks of 16 KiB: blocks 2 and 7
       * (the last, padded) twice */
      words (in, 0x02, 4, 0x1D000, 8, 0x4000, 0x13000);
      for (guint32 s = 0; s < 8; s++)
        for (guint k = 0; k < (s == 2 || s == 7 ? 2u : 1u); k++)
          {
            guint8 b[0x4000];
            gsize n = MIN (0x4000, 0x1D000 - s * 0x4000);
            memset (b, 0xFF, sizeof b);
            memcpy (b, pp + s * 0x4000, n);
            data_block (in, 0x03, s, b, sizeof b, FALSE);
          }
      words (in, 0x04, 1, 1);
      run_on_pattern (in, eager);
      replies_init (&r);
      next_frame (&r);
      expect_ok (&r, 0x02);
      for (guint i = 0; i < 10; i++)
        expect_ok (&r, 0x03);
      expect_ok (&r, 0x04);
      g_assert_cmpuint (r.next, ==, r.frames->len);
      g_ptr_array_unref (r.frames);
      assert_erases (plan_plain, FALSE);
      g_assert_cmpuint (harness_counts.unerased_writes, ==, 0);
      g_assert_cmpmem (harness_flash + 0x13000, 0x1D000, pp, 0x1D000);
      assert_untouched (pattern, 0x13000, 0x30000);

      /* compressed in 4 KiB blocks, block 1 and the last one twice */
      g_byte_array_set_size (in, 0);
      words (in, 0x10, 4, 0x40000, blocks, 0x1000, 0x40000);
      for (guint32 s = 0; s < blocks; s++)
        for (guint k = 0; k < (s == 1 || s + 1 == blocks ? 2u : 1u); k++)
          data_block (in, 0x11, s, zp + s * 0x1000, MIN (0x1000, zn - s * 0x1000), FALSE);
      words (in, 0x12, 1, 1);
      run_on_pattern (in, eager);
      assert_all_ok (0x10, 0x11, 0x12, blocks + 2);
      assert_erases (plan_text, FALSE);
      g_assert_cmpuint (harness_counts.unerased_writes, ==, 0);
      g_assert_cmpmem (harness_flash + 0x40000, 0x40000, g_bytes_get_data (text, NULL), 0x40000);
      assert_untouched (pattern, 0x40000, 0x80000);
    }
}

/* A session the host ends before all its data came: NOT_ENOUGH_DATA, the
 * erases so far are the start of the region's plan and stop with the
 * session, nothing outside the region changed, and the next session
 * works. */
static void
test_erase_ends_early (void)
{
  g_autofree guint8 *pattern = pattern_flash ();
  g_autoptr(GBytes) plain = random_bytes (0x8000, 60);
  g_autoptr(GBytes) text = compressible_bytes (0x10000, 61);
  g_autoptr(GBytes) z = zlib_compress (text, 9);
  g_autoptr(GArray) plan = erase_plan (0x1F000, 0x41000);

  for (guint mode = 0; mode < 4; mode++)
    {
      gboolean eager = mode & 1, compressed = mode & 2;
      g_autoptr(GByteArray) in = g_byte_array_new ();
      gsize zn;
      const guint8 *zp = g_bytes_get_data (z, &zn);
      guint32 n_log, value;
      Replies r;

      /* 0x41000 bytes announced at 0x1F000; 32 KiB come (plain: two blocks;
       * compressed: the first 4 KiB of a stream that inflates to more) */
      if (compressed)
        {
          words (in, 0x10, 4, 0x41000, 0x41, 0x1000, 0x1F000);
          data_block (in, 0x11, 0, zp, 0x1000, FALSE);
          words (in, 0x12, 1, 1);
        }
      else
        {
          words (in, 0x02, 4, 0x41000, 0x11, 0x4000, 0x1F000);
          for (guint32 s = 0; s < 2; s++)
            data_block (in, 0x03, s, (const guint8 *) g_bytes_get_data (plain, NULL) + s * 0x4000,
                        0x4000, FALSE);
          words (in, 0x04, 1, 1);
        }
      /* then other commands, each leaving the main loop idle */
      for (guint i = 0; i < 4; i++)
        words (in, 0x0A, 1, 0x3FF00050u);
      /* and a session of its own, elsewhere */
      write_plain (in, 0x70000, plain, 0x4000);
      run_on_pattern (in, eager);

      replies_init (&r);
      next_frame (&r);
      expect_ok (&r, compressed ? 0x10 : 0x02);
      for (guint i = 0; i < (compressed ? 1u : 2u); i++)
        expect_ok (&r, compressed ? 0x11 : 0x03);
      expect (&r, compressed ? 0x12 : 0x04, 0xC8, 0, NULL);
      for (guint i = 0; i < 4; i++)
        {
          expect (&r, 0x0A, 0, 0, &value);
          g_assert_cmphex (value, ==, 0x3FF00050u ^ 0xA5A5A5A5u);
        }
      expect_ok (&r, 0x02);
      for (guint i = 0; i < 2; i++)
        expect_ok (&r, 0x03);
      expect_ok (&r, 0x04);
      g_assert_cmpuint (r.next, ==, r.frames->len);
      g_ptr_array_unref (r.frames);

      /* the first session's erases: a start of its plan; the second
       * session's, eight sectors at 0x70000, follow them */
      n_log = harness_counts.n_log;
      g_assert_cmpuint (n_log, >=, 8);
      for (guint i = 0; i < 8; i++)
        g_assert_cmphex (harness_erase_log[n_log - 8 + i], ==, 0x70000 + 0x1000 * i);
      harness_counts.n_log = n_log - 8;
      assert_erases (plan, TRUE);
      /* at least what the data reached */
      g_assert_cmpuint (harness_counts.n_log, >=, 2);
      g_assert_cmpuint (harness_counts.unerased_writes, ==, 0);
      if (!compressed)
        g_assert_cmpmem (harness_flash + 0x1F000, 0x8000, g_bytes_get_data (plain, NULL), 0x8000);
      g_assert_cmpmem (harness_flash + 0x70000, 0x8000, g_bytes_get_data (plain, NULL), 0x8000);
      assert_untouched (pattern, 0x1F000, 0x78000);
      for (guint32 a = 0x60000; a < 0x70000; a++)
        g_assert_cmphex (harness_flash[a], ==, pattern[a]);
    }
}

/* A chip layer that polls its UART (the RISC-V one) has the region of a
 * block erased before the block is acknowledged, and never erases while
 * idle (bytes arriving meanwhile would overflow its FIFO): the same erase
 * plan, the same data, no idle steps however idle the main loop is. */
static void
test_erase_before_ack (void)
{
  g_autofree guint8 *pattern = pattern_flash ();
  g_autoptr(GBytes) plain = random_bytes (0x21800, 21);
  g_autoptr(GBytes) text = compressible_bytes (0x30000, 22);
  g_autoptr(GArray) plan_plain = erase_plan (0xE000, 0x21800);
  g_autoptr(GArray) plan_text = erase_plan (0x20000, 0x30000);

  for (guint eager = 0; eager < 2; eager++)
    {
      g_autoptr(GByteArray) in = g_byte_array_new ();
      Replies r;

      write_plain (in, 0xE000, plain, 0x4000);
      harness_erase_before_ack = 1;
      run_on_pattern (in, eager);
      harness_erase_before_ack = 0;
      assert_all_ok (0x02, 0x03, 0x04, 9);
      assert_erases (plan_plain, FALSE);
      g_assert_cmpuint (harness_counts.idle_steps, ==, 0);
      g_assert_cmpuint (harness_counts.unerased_writes, ==, 0);
      g_assert_cmpmem (harness_flash + 0xE000, 0x21800, g_bytes_get_data (plain, NULL), 0x21800);
      assert_untouched (pattern, 0xE000, 0x30000);

      g_byte_array_set_size (in, 0);
      write_deflate (in, 0x20000, text, 9, 0x4000);
      harness_erase_before_ack = 1;
      run_on_pattern (in, eager);
      harness_erase_before_ack = 0;
      replies_init (&r);
      next_frame (&r);
      expect_ok (&r, 0x10);
      while (r.next < r.frames->len - 1)
        expect_ok (&r, 0x11);
      expect_ok (&r, 0x12);
      g_ptr_array_unref (r.frames);
      assert_erases (plan_text, FALSE);
      g_assert_cmpuint (harness_counts.idle_steps, ==, 0);
      g_assert_cmpuint (harness_counts.unerased_writes, ==, 0);
      g_assert_cmpmem (harness_flash + 0x20000, 0x30000, g_bytes_get_data (text, NULL), 0x30000);
      assert_untouched (pattern, 0x20000, 0x50000);
    }
}

static void
feed (kstub      *s,
      GByteArray *in)
{
  for (guint i = 0; i < in->len; i++)
    kstub_rx_byte (s, in->data[i]);
  g_byte_array_set_size (in, 0);
}

static guint
n_replies (void)
{
  Replies r;
  guint n;

  replies_init (&r);
  n = r.frames->len;
  g_ptr_array_unref (r.frames);
  return n;
}

/* The last reply sent: its op and status. */
static void
last_reply (guint8 *op,
            guint8 *status)
{
  Replies r;
  gsize n;
  const guint8 *f;

  replies_init (&r);
  g_assert_cmpuint (r.frames->len, >, 0);
  f = g_bytes_get_data (r.frames->pdata[r.frames->len - 1], &n);
  g_assert_cmpuint (n, >=, 10);
  *op = f[1];
  *status = f[n - 2];
  g_ptr_array_unref (r.frames);
}

/* A compressed data block the main loop will take as it is gets its
 * answer from the interrupt side as soon as its frame ends, before the
 * main loop (perhaps held by a 150 ms erase) reaches it; the main loop
 * then does not answer it again.  Not when a frame waits before it, not
 * for a block the main loop would refuse, not on a chip layer that polls
 * its UART. */
static void
test_early_ack (void)
{
  g_autoptr(GBytes) text = compressible_bytes (0x8000, 31);
  g_autoptr(GBytes) z = zlib_compress (text, 9);
  g_autoptr(GByteArray) in = g_byte_array_new ();
  g_autofree kstub *s = g_new0 (kstub, 1);
  gsize zn;
  const guint8 *zp = g_bytes_get_data (z, &zn);
  guint32 half = (guint32) (zn + 2) / 3;
  guint8 op, st;

  g_assert_cmpuint (zn, >, 3 * 16);
  g_byte_array_set_size (out, 0);
  kstub_init (s, NULL, HARNESS_FLASH_SIZE);

  /* BEGIN: no session yet, the main loop answers it */
  words (in, 0x10, 4, 0x8000u, 3u, half, 0x20000u);
  feed (s, in);
  g_assert_cmpuint (n_replies (), ==, 0);
  g_assert_true (kstub_poll (s));
  g_assert_cmpuint (n_replies (), ==, 1);

  /* block 0: answered by the interrupt side, once */
  data_block (in, 0x11, 0, zp, half, FALSE);
  feed (s, in);
  g_assert_cmpuint (n_replies (), ==, 2);
  last_reply (&op, &st);
  g_assert_cmphex (op, ==, 0x11);
  g_assert_cmphex (st, ==, 0x00);
  g_assert_true (kstub_poll (s));
  g_assert_cmpuint (n_replies (), ==, 2);

  /* a bad checksum is the main loop's to report */
  data_block (in, 0x11, 1, zp + half, half, TRUE);
  feed (s, in);
  g_assert_cmpuint (n_replies (), ==, 2);
  g_assert_true (kstub_poll (s));
  last_reply (&op, &st);
  g_assert_cmphex (op, ==, 0x11);
  g_assert_cmphex (st, !=, 0x00);
  g_assert_cmpuint (n_replies (), ==, 3);

  /* a frame waiting before the block: both answered in order by the main
   * loop */
  words (in, 0x0A, 1, 0x60000078u);
  data_block (in, 0x11, 1, zp + half, half, FALSE);
  feed (s, in);
  g_assert_cmpuint (n_replies (), ==, 3);
  g_assert_true (kstub_poll (s));
  last_reply (&op, &st);
  g_assert_cmphex (op, ==, 0x0A);
  g_assert_true (kstub_poll (s));
  last_reply (&op, &st);
  g_assert_cmphex (op, ==, 0x11);
  g_assert_cmphex (st, ==, 0x00);
  g_assert_cmpuint (n_replies (), ==, 5);

  /* a chip layer that polls its UART: the main loop answers */
  s->erase_before_ack = 1;
  data_block (in, 0x11, 2, zp + 2 * half, zn - 2 * half, FALSE);
  feed (s, in);
  g_assert_cmpuint (n_replies (), ==, 5);
  g_assert_true (kstub_poll (s));
  g_assert_cmpuint (n_replies (), ==, 6);
  s->erase_before_ack = 0;

  words (in, 0x12, 1, 1u);
  feed (s, in);
  g_assert_true (kstub_poll (s));
  last_reply (&op, &st);
  g_assert_cmphex (op, ==, 0x12);
  g_assert_cmphex (st, ==, 0x00);
  g_assert_cmpmem (harness_flash + 0x20000, 0x8000, g_bytes_get_data (text, NULL), 0x8000);
}

/* Inflating the same stream cut into pieces of every size from 1 byte. */
static void
test_inflate_pieces (void)
{
  g_autoptr(GBytes) raw = compressible_bytes (50000, 9);
  g_autoptr(GBytes) z = zlib_compress (raw, 6);
  gsize zn;
  const guint8 *zp = g_bytes_get_data (z, &zn);

  for (guint piece = 1; piece < 40; piece += 3)
    {
      g_autoptr(GByteArray) in = g_byte_array_new ();
      Replies r;
      guint32 blocks = (zn + piece - 1) / piece;

      words (in, 0x10, 4, 50000, blocks, piece, 0);
      for (guint32 s = 0; s < blocks; s++)
        data_block (in, 0x11, s, zp + s * piece, MIN (piece, zn - s * piece), FALSE);
      words (in, 0x12, 1, 1);
      run (in);
      replies_init (&r);
      next_frame (&r);
      expect_ok (&r, 0x10);
      for (guint32 s = 0; s < blocks; s++)
        expect_ok (&r, 0x11);
      expect_ok (&r, 0x12);
      g_assert_cmpmem (harness_flash, 50000, g_bytes_get_data (raw, NULL), 50000);
      g_ptr_array_unref (r.frames);
    }
}

/* A wrong Adler-32 in the trailer is an inflate error. */
static void
test_inflate_adler (void)
{
  g_autoptr(GBytes) raw = compressible_bytes (3000, 10);
  g_autoptr(GBytes) z = zlib_compress (raw, 6);
  gsize zn = g_bytes_get_size (z);
  g_autofree guint8 *zp = g_memdup2 (g_bytes_get_data (z, NULL), zn);
  g_autoptr(GByteArray) in = g_byte_array_new ();
  Replies r;

  zp[zn - 1] ^= 1;
  words (in, 0x10, 4, 3000, 1, 0x4000, 0);
  data_block (in, 0x11, 0, zp, zn, FALSE);
  words (in, 0x12, 1, 1);
  run (in);
  replies_init (&r);
  next_frame (&r);
  expect_ok (&r, 0x10);
  expect_ok (&r, 0x11);
  expect (&r, 0x12, 0xC7, 0, NULL);
  g_ptr_array_unref (r.frames);
}

/* ---- the cross-built core under QEMU -------------------------------------- */

static void
skip_or_fail (const char *why)
{
  kiln_test_skip (why);
}

static void
compare_qemu (const char *env,
              const char *qemu,
              gboolean    riscv)
{
  const char *elf = g_getenv (env);
  g_autoptr(GByteArray) in = g_byte_array_new ();
  g_autofree char *dir = NULL, *in_path = NULL, *out_path = NULL, *qemu_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autofree char *err_text = NULL;
  int status = 0;

  if (elf == NULL || *elf == '\0')
    {
      skip_or_fail ("the cross compiler for this harness is not installed");
      return;
    }
  qemu_path = g_find_program_in_path (qemu);
  if (qemu_path == NULL)
    {
      skip_or_fail ("QEMU (qemu-system-misc) is not installed");
      return;
    }
  setup_data ();
  build_scenario (in);
  run (in);                                  /* the host's output, in `out` */

  dir = kiln_test_tmpdir ();
  in_path = g_build_filename (dir, "kstub-in.bin", NULL);
  out_path = g_build_filename (dir, "kstub-out.bin", NULL);
  g_assert_true (g_file_set_contents (in_path, (const char *) in->data, in->len, &error));
  if (riscv)
    {
      const char *argv[] = { "timeout", "300", qemu_path, "-M", "virt", "-bios", "none",
                             "-display", "none", "-monitor", "none", "-serial", "none",
                             "-semihosting-config", "enable=on,target=native",
                             "-kernel", elf, NULL };
      g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                    NULL, NULL, NULL, &err_text, &status, &error);
    }
  else
    {
      g_autofree char *cmd = g_strdup_printf (
          "timeout 300 '%s' -M sim -cpu lx106 -semihosting -display none -monitor none "
          "-serial none -kernel '%s' < kstub-in.bin > kstub-out.bin", qemu_path, elf);
      const char *argv[] = { "sh", "-c", cmd, NULL };
      g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                    &err_text, &status, &error);
    }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", qemu, error->message, err_text);
  got = kiln_test_read_file (out_path);
  g_test_message ("%s: %u bytes in, %zu bytes out (host: %u)", qemu, in->len,
                  g_bytes_get_size (got), out->len);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), out->data, out->len);
  kiln_test_rm_rf (dir);
}

static void
test_qemu_lx106 (void)
{
  compare_qemu ("KSTUB_HARNESS_XTENSA", "qemu-system-xtensa", FALSE);
}

static void
test_qemu_rv32 (void)
{
  compare_qemu ("KSTUB_HARNESS_RISCV", "qemu-system-riscv32", TRUE);
}

/* ---- the committed images ------------------------------------------------- */

static void
test_images_reproducible (void)
{
  const char *fresh = g_getenv ("KSTUB_FRESH_IMAGES");
  g_auto(GStrv) paths = NULL;

  if (fresh == NULL || *fresh == '\0')
    {
      skip_or_fail ("no cross compiler: the stub images were not rebuilt");
      return;
    }
  paths = g_strsplit (fresh, ":", -1);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (paths[i]);
      g_autofree char *committed = g_test_build_filename (G_TEST_DIST, "..", "stub", "images",
                                                          base, NULL);
      g_autoptr(GBytes) a = kiln_test_read_file (paths[i]);
      g_autoptr(GBytes) b = kiln_test_read_file (committed);

      g_test_message ("%s: %zu bytes, committed %zu", base, g_bytes_get_size (a),
                      g_bytes_get_size (b));
      if (!g_bytes_equal (a, b))
        g_error ("The committed stub image stub/images/%s differs from a fresh build: run "
                 "\"sh stub/update-images.sh\" and commit the result.", base);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  out = g_byte_array_new ();
  g_test_add_func ("/kstub/scenario", test_scenario);
  g_test_add_func ("/kstub/erase-plan", test_erase_plan);
  g_test_add_func ("/kstub/erase-idle-steps", test_erase_idle_steps);
  g_test_add_func ("/kstub/erase-ff-pages", test_erase_ff_pages);
  g_test_add_func ("/kstub/erase-repeat", test_erase_repeat);
  g_test_add_func ("/kstub/erase-ends-early", test_erase_ends_early);
  g_test_add_func ("/kstub/erase-before-ack", test_erase_before_ack);
  g_test_add_func ("/kstub/early-ack", test_early_ack);
  g_test_add_func ("/kstub/inflate-pieces", test_inflate_pieces);
  g_test_add_func ("/kstub/inflate-adler", test_inflate_adler);
  /* A Windows build runs the core's own tests only: QEMU and the cross
   * compilers are Linux programs (tests/meson.build lists what it leaves
   * out). */
  if (g_getenv ("KSTUB_HOST_ONLY") == NULL)
    {
      g_test_add_func ("/kstub/qemu/lx106", test_qemu_lx106);
      g_test_add_func ("/kstub/qemu/rv32", test_qemu_rv32);
      g_test_add_func ("/kstub/images-reproducible", test_images_reproducible);
    }
  return g_test_run ();
}
