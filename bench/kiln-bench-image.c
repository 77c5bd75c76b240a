/* kiln-bench-image.c: the images the benchmark flashes.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "random" is incompressible.  "firmware" imitates what people really
 * flash: a combined ESP-IDF-style image (bootloader, 0xFF gap, partition
 * table, 0xFF gap, application) whose application is Xtensa-like code with
 * literal pools, log and assert strings, data tables, and 0xFF padding up to
 * the end of the slot.  Its parts compress about as real ones do with zlib
 * -9 (code ≈ 0.6–0.7, strings ≈ 0.35, tables ≈ 0.3), which puts the whole
 * image near the 0.5–0.65 esptool reports for typical applications.  Both
 * are deterministic: the same seed gives the same bytes.
 */
#include "config.h"

#include <string.h>

#include "kiln-bench.h"

/* Instruction shapes, most frequent first: (length, first byte, mask of
 * the bits of the first byte that hold a register). */
typedef struct
{
  guint8 len;
  guint8 op;
  guint8 regmask;
} Shape;

static const Shape shapes[] = {
  { 2, 0x08, 0xF0 },  /* l32i.n */
  { 2, 0x09, 0xF0 },  /* s32i.n */
  { 2, 0x0D, 0x00 },  /* mov.n */
  { 3, 0x21, 0xF0 },  /* l32r */
  { 2, 0x0C, 0xF0 },  /* movi.n */
  { 3, 0x25, 0x00 },  /* call8 */
  { 2, 0x1B, 0xF0 },  /* addi.n */
  { 3, 0x22, 0xF0 },  /* l8ui / l16ui / addi (op0 2) */
  { 3, 0x16, 0xF0 },  /* beqz */
  { 3, 0x56, 0xF0 },  /* bnez */
  { 3, 0x06, 0x00 },  /* j */
  { 3, 0x20, 0xF0 },  /* or / and / add (RRR) */
  { 2, 0x0A, 0xF0 },  /* add.n */
  { 3, 0x27, 0xF0 },  /* beq / bne */
  { 3, 0x30, 0xF0 },  /* extui */
  { 3, 0x32, 0xF0 },  /* s8i / s16i */
  { 3, 0xE0, 0x0F },  /* callx8 */
  { 3, 0x66, 0xF0 },  /* bnei */
  { 3, 0xA6, 0xF0 },  /* blti */
  { 3, 0x00, 0xF0 },  /* memw / nop / rsr */
};

/* A register number as compilers hand them out: a2–a10 mostly. */
static guint8
reg (GRand *r)
{
  static const guint8 common[] = { 2, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7, 8, 8, 9, 10, 10, 11, 12, 1 };
  return common[g_rand_int_range (r, 0, G_N_ELEMENTS (common))];
}

/* Zipf-like pick: index k with weight 1 / (k + 1). */
static guint
zipf (GRand *r,
      guint  n)
{
  double total = 0, x;
  for (guint k = 0; k < n; k++)
    total += 1.0 / (k + 1);
  x = g_rand_double (r) * total;
  for (guint k = 0; k < n; k++)
    {
      x -= 1.0 / (k + 1);
      if (x <= 0)
        return k;
    }
  return n - 1;
}

static void
put_le32 (guint8  *p,
          guint32  v)
{
  p[0] = v & 0xFF;
  p[1] = (v >> 8) & 0xFF;
  p[2] = (v >> 16) & 0xFF;
  p[3] = v >> 24;
}

static gsize
fill_code (GRand  *r,
           guint8 *p,
           gsize   n,
           guint32 base)
{
  gsize i = 0;
  /* Functions called from many places, and data addresses the literal
   * pools refer to again and again. */
  guint32 funcs[256], data[128];

  for (guint k = 0; k < G_N_ELEMENTS (funcs); k++)
    funcs[k] = base + (guint32) g_rand_int_range (r, 0, (gint32) MAX (n, 4)) / 4 * 4;
  for (guint k = 0; k < G_N_ELEMENTS (data); k++)
    data[k] = 0x3FFB0000u + (guint32) g_rand_int_range (r, 0, 0x20000) / 4 * 4;

  while (i + 64 < n)
    {
      guint n_lits = (guint) g_rand_int_range (r, 0, 6);
      guint n_insns = (guint) g_rand_int_range (r, 8, 90);

      /* the literal pool in front of a function */
      for (guint k = 0; k < n_lits && i + 4 < n; k++, i += 4)
        {
          guint32 v;
          switch (g_rand_int_range (r, 0, 4))
            {
            case 0: v = funcs[zipf (r, G_N_ELEMENTS (funcs))]; break;
            case 1: v = 0x3F400000u + (guint32) g_rand_int_range (r, 0, 0x10000) * 4; break;
            case 2: v = (guint32) g_rand_int_range (r, 0, 4096); break;
            default: v = data[zipf (r, G_N_ELEMENTS (data))]; break;
            }
          put_le32 (p + i, v);
        }
      /* entry a1, 32..64 */
      if (i + 3 < n)
        {
          p[i++] = 0x36;
          p[i++] = (guint8) (0x41 + 0x20 * g_rand_int_range (r, 0, 3));
          p[i++] = 0x00;
        }
      for (guint k = 0; k < n_insns && i + 3 < n; k++)
        {
          const Shape *s = &shapes[zipf (r, G_N_ELEMENTS (shapes))];
          guint8 b0 = s->op;

          if (s->regmask == 0xF0)
            b0 = (guint8) ((b0 & 0x0F) | reg (r) << 4);
          else if (s->regmask == 0x0F)
            b0 = (guint8) ((b0 & 0xF0) | reg (r));
          p[i++] = b0;
          if (s->op == 0x25)
            {
              /* call8: an 18-bit offset to one of the popular functions */
              gint32 off = ((gint32) funcs[zipf (r, G_N_ELEMENTS (funcs))] - (gint32) (base + i)) / 4;
              p[i - 1] = (guint8) (0x25 | (off & 0x3) << 6);
              p[i++] = (guint8) (off >> 2);
              p[i++] = (guint8) (off >> 10);
              continue;
            }
          if (s->op == 0x21)
            {
              /* l32r: a small negative word offset into the pool */
              p[i++] = (guint8) (0xFF - g_rand_int_range (r, 0, 24));
              p[i++] = 0xFF;
              continue;
            }
          p[i++] = (guint8) (reg (r) << 4 | reg (r));
          if (s->len == 3)
            p[i++] = g_rand_boolean (r) ? (guint8) g_rand_int_range (r, 0, 16) * 4
                                        : (guint8) (reg (r) << 4);
        }
      /* retw.n, then padding to a word */
      if (i + 2 < n)
        {
          p[i++] = 0x1D;
          p[i++] = 0xF0;
        }
      while (i % 4 != 0 && i < n)
        p[i++] = 0x00;
    }
  while (i < n)
    p[i++] = 0x00;
  return n;
}

static const char *const words[] = {
  "failed", "error", "to", "the", "of", "wifi", "connect", "init", "%s", "%d", "0x%08x",
  "timeout", "task", "queue", "heap", "event", "handler", "invalid", "state", "memory",
  "not", "found", "config", "partition", "nvs", "esp", "sta", "ap", "mode", "start",
  "stop", "buffer", "size", "len", "%u", "ret", "=", "(%d)", "ESP_ERR_", "NO_MEM", "ok",
  "socket", "tcp", "ip", "dhcp", "netif", "mqtt", "http", "client", "free", "bytes",
  "spi", "flash", "read", "write", "gpio", "uart", "i2c", "assert", "line", "file",
};

static const char *const tags[] = {
  "wifi", "esp_netif", "nvs", "heap_init", "cpu_start", "spi_flash", "esp_image",
  "boot", "phy_init", "system_api", "httpd", "mqtt_client", "app_main", "event",
};

static const char *const paths[] = {
  "/home/user/esp/esp-idf/components/freertos/FreeRTOS-Kernel/tasks.c",
  "/home/user/esp/esp-idf/components/esp_wifi/src/wifi_init.c",
  "/home/user/esp/esp-idf/components/lwip/lwip/src/core/tcp.c",
  "/home/user/esp/esp-idf/components/nvs_flash/src/nvs_page.cpp",
  "/home/user/esp/esp-idf/components/esp_system/port/cpu_start.c",
  "/home/user/project/main/app_main.c",
};

static gsize
fill_strings (GRand  *r,
              guint8 *p,
              gsize   n)
{
  g_autoptr(GString) s = g_string_new (NULL);
  gsize i = 0;

  while (i < n)
    {
      guint kind = (guint) g_rand_int_range (r, 0, 10);

      g_string_truncate (s, 0);
      if (kind < 5)
        g_string_append_printf (s, "%c (%%lu) %s: ", "EWIDV"[zipf (r, 5)],
                                tags[zipf (r, G_N_ELEMENTS (tags))]);
      else if (kind < 7)
        g_string_append_printf (s, "%s:%u ", paths[zipf (r, G_N_ELEMENTS (paths))],
                                (guint) g_rand_int_range (r, 10, 3000));
      for (guint w = (guint) g_rand_int_range (r, 2, 9); w > 0; w--)
        {
          g_string_append (s, words[zipf (r, G_N_ELEMENTS (words))]);
          g_string_append_c (s, ' ');
        }
      g_string_truncate (s, s->len - 1);
      if (kind < 5)
        g_string_append (s, "\n");
      /* NUL-terminated, word-aligned as the linker lays out .rodata */
      g_string_append_c (s, '\0');
      while (s->len % 4 != 0)
        g_string_append_c (s, '\0');
      memcpy (p + i, s->str, MIN (s->len, n - i));
      i += MIN (s->len, n - i);
    }
  return n;
}

static gsize
fill_tables (GRand  *r,
             guint8 *p,
             gsize   n)
{
  gsize i = 0;

  while (i < n)
    {
      guint kind = (guint) g_rand_int_range (r, 0, 3);
      gsize len = MIN (n - i, (gsize) g_rand_int_range (r, 64, 1024));

      for (gsize k = 0; k + 4 <= len; k += 4)
        {
          guint32 v;
          if (kind == 0)          /* a smooth lookup table */
            v = (guint32) (1000 + 900 * ((k / 4) % 64 < 32 ? (k / 4) % 32 : 32 - (k / 4) % 32));
          else if (kind == 1)     /* pointers into flash and RAM */
            v = (g_rand_boolean (r) ? 0x400D0000u : 0x3FFB0000u) + (guint32) g_rand_int_range (r, 0, 0x8000) * 4;
          else                    /* small constants and flags */
            v = (guint32) g_rand_int_range (r, 0, 3) << (8 * g_rand_int_range (r, 0, 4));
          put_le32 (p + i + k, v);
        }
      i += len;
    }
  return n;
}

/* An application image: header, code, strings, tables. */
static void
fill_app (GRand  *r,
          guint8 *p,
          gsize   n)
{
  gsize head = MIN (n, 24);
  gsize code, strings;

  memset (p, 0, head);
  if (n >= 24)
    {
      p[0] = 0xE9;              /* the image magic, four segments */
      p[1] = 4;
      p[2] = 0x02;
      p[3] = 0x20;
      put_le32 (p + 4, 0x400D1234);
    }
  n -= head;
  p += head;
  code = n * 62 / 100;
  strings = n * 24 / 100;
  fill_code (r, p, code, 0x400D0000);
  fill_strings (r, p + code, strings);
  fill_tables (r, p + code + strings, n - code - strings);
}

/**
 * kiln_bench_image:
 * @kind: "random" or "firmware"
 *
 * Returns: (transfer full): @size bytes
 */
GBytes *
kiln_bench_image (const char *kind,
                  gsize       size,
                  guint32     seed)
{
  g_autoptr(GRand) r = g_rand_new_with_seed (seed);
  guint8 *p = g_malloc (size);

  if (g_str_equal (kind, "random"))
    {
      for (gsize i = 0; i + 4 <= size; i += 4)
        put_le32 (p + i, g_rand_int (r));
      for (gsize i = size & ~(gsize) 3; i < size; i++)
        p[i] = (guint8) g_rand_int (r);
      return g_bytes_new_take (p, size);
    }

  /* Combined image: bootloader at 0x1000, partition table at 0x8000, the
   * application at 0x10000 filling 85 % of what is left, 0xFF elsewhere,
   * scaled down for small sizes. */
  memset (p, 0xFF, size);
  {
    gsize boot_at = MIN (size / 64, (gsize) 0x1000);
    gsize boot_len = MIN (size / 16, (gsize) 0x6000);
    gsize table_at = MIN (size / 8, (gsize) 0x8000);
    gsize app_at = MIN (size / 4, (gsize) 0x10000);
    gsize app_len = (size - app_at) * 85 / 100;

    fill_app (r, p + boot_at, boot_len);
    /* a few 32-byte partition entries: magic, type, subtype, offset, size, label */
    for (guint k = 0; k < 6 && table_at + 32 * (k + 1) <= app_at; k++)
      {
        guint8 *e = p + table_at + 32 * k;
        static const char *const labels[] = { "nvs", "otadata", "phy_init", "factory", "ota_0", "ota_1" };
        memset (e, 0, 32);
        e[0] = 0xAA;
        e[1] = 0x50;
        e[2] = k < 3 ? 1 : 0;
        e[3] = (guint8) (k < 3 ? k + 1 : 0x10 * (k - 3));
        put_le32 (e + 4, 0x9000 + 0x10000 * k);
        put_le32 (e + 8, k < 3 ? 0x6000 : 0x100000);
        memcpy (e + 12, labels[k], strlen (labels[k]));
      }
    fill_app (r, p + app_at, app_len);
  }
  return g_bytes_new_take (p, size);
}
